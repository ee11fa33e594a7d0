import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { HttpProblem } from '../../errors/problems.js'

// RFC 3986's reg-name or IP literal, then an optional port; empty is allowed (RFC 9112 §3.2).
const validHost = /^(?:(?:[\w.~!$&'()*+,;=%-]+)|\[[\dA-Fa-f:.]+\])?(?::\d{1,5})?$/

/** How many `Host` lines the request had: Node keeps the first and silently drops the others. */
function hostLines(rawHeaders: string[]): number {
  let count = 0
  for (let i = 0; i < rawHeaders.length; i += 2) if ((rawHeaders[i] as string).toLowerCase() === 'host') count++
  return count
}

/**
 * RFC 9112 §3.2: a request with more than one Host line, or an invalid one, is a 400. Node would
 * serve it with the first line while a proxy in front may have routed it by the last: two views
 * of one request's authority, the stuff of cache poisoning and routing confusion (issue 22).
 */
export default fp(
  async function hostHeader(fastify: FastifyInstance) {
    fastify.addHook('onRequest', (request, _reply, done) => {
      const host = request.headers.host ?? ''
      if (hostLines(request.raw.rawHeaders) > 1)
        return done(new HttpProblem(400, 'the request has more than one Host header'))
      if (!validHost.test(host)) return done(new HttpProblem(400, 'the Host header is not a valid host name'))
      done()
    })
  },
  { name: 'host-header', dependencies: ['errors'] },
)
