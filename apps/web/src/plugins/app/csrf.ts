import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpProblem, problemTypes } from '../../errors/problems.js'

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * CSRF protection for cookie-authenticated requests, as OWASP's cheat sheet describes for
 * Fetch Metadata: a state-changing request is accepted only if the browser says it comes from
 * our own origin — `Sec-Fetch-Site: same-origin` (or `none`, a user-typed navigation), or, from
 * browsers that do not send Fetch Metadata, an `Origin` equal to ours. Requests with neither
 * header are not from a browser (curl, server-to-server) and carry no ambient credentials a
 * third-party page could have triggered. Requests that carried the verified ops token are not
 * checked: their cookies were ignored (plugins/bearer-auth.ts), so no ambient credential is used.
 */
export function crossSiteReason(request: FastifyRequest, allowedOrigins: readonly string[]): string | undefined {
  if (!unsafeMethods.has(request.method)) return undefined
  if (request.opsToken) return undefined
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) {
    return site === 'same-origin' || site === 'none' ? undefined : `Sec-Fetch-Site is "${site}"`
  }
  const origin = request.headers.origin
  if (origin === undefined) return undefined
  const own = `${request.protocol}://${request.host}`
  if (origin === own || allowedOrigins.includes(origin)) return undefined
  return `Origin ${origin} is not ${allowedOrigins.length > 0 ? allowedOrigins.join(' or ') : own}`
}

export default fp(
  async function csrf(fastify: FastifyInstance) {
    const allowed = fastify.config.publicOrigins
    fastify.addHook('onRequest', (request, _reply, done) => {
      const reason = crossSiteReason(request, allowed)
      if (reason === undefined) return done()
      done(
        new HttpProblem(
          403,
          `cross-site request refused: ${reason}. Browsers may only change state from this site's own pages; API clients should send no Origin header (see README, "CSRF")`,
          {
            type: problemTypes.csrf,
          },
        ),
      )
    })
  },
  { name: 'csrf', dependencies: ['config', 'bearer-auth'] },
)
