import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import { forbidden, unauthorized } from '../problems.js'
import type { SessionUser } from '../sessions/session-record.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: a signed-in user. */
    requireUser: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void
    /** preHandler: an admin session, or `Authorization: Bearer $OPS_TOKEN`. */
    requireOps: (request: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    /** The signed-in user; only after requireUser. */
    user: SessionUser
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export default fp(
  async function auth(fastify: FastifyInstance) {
    const opsToken = fastify.config.opsToken
    fastify.decorateRequest('user', null as unknown as SessionUser)

    // Callback style: it runs on every signed-in request and never waits for anything.
    fastify.decorate('requireUser', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const user = request.session?.user
      if (!user) return done(unauthorized())
      request.user = user
      done()
    })

    fastify.decorate('requireOps', async (request: FastifyRequest) => {
      const token = bearer(request)
      if (token !== undefined) {
        if (opsToken !== undefined && sameSecret(token, opsToken)) return
        throw unauthorized('the bearer token is not the ops token')
      }
      const user = request.session?.user
      if (!user) throw unauthorized('sign in as an admin, or send Authorization: Bearer $OPS_TOKEN')
      if (user.role !== 'admin') throw forbidden('this needs an admin account')
      request.user = user
    })
  },
  { name: 'auth', dependencies: ['sessions'] },
)
