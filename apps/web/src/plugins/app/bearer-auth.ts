import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpProblem } from '../../errors/problems.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** True when the request carried the ops token: it acts as ops, and its cookies were ignored. */
    opsToken: boolean
  }
}

/** The token of `Authorization: Bearer <token>` (the scheme is case-insensitive, RFC 9110). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (header === undefined || header.length < 7 || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined
  return header.slice(7).trim()
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * A request authenticates with the session cookie or with `Authorization: Bearer $OPS_TOKEN`,
 * never both: a verified token removes the cookies before anything reads them (so the CSRF
 * check, which guards cookie-authenticated requests, has nothing to guard), and a bearer token
 * that is not the ops token is refused outright — it must not slip past the CSRF check while a
 * cookie still signs the request in. Registered before the session plugin parses cookies.
 */
export default fp(
  async function bearerAuth(fastify: FastifyInstance) {
    const opsToken = fastify.config.opsToken
    fastify.decorateRequest('opsToken', false)
    fastify.addHook('onRequest', (request, reply, done) => {
      const token = bearerToken(request)
      if (token === undefined) return done()
      if (opsToken === undefined || !sameSecret(token, opsToken)) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"')
        return done(
          new HttpProblem(
            401,
            'the bearer token is not valid: send the ops token (OPS_TOKEN), or no Authorization header and the session cookie',
          ),
        )
      }
      request.opsToken = true
      delete request.headers.cookie
      done()
    })
  },
  { name: 'bearer-auth', dependencies: ['config'] },
)
