import { findUserRole } from '@draftsmith/db/users'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import { RoleCache, type Role } from '../../auth/role-cache.js'
import { forbidden, unauthorized } from '../../errors/problems.js'
import type { SessionUser } from '../../sessions/session-record.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: a signed-in user (with the account's current role). */
    requireUser: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void
    /** preHandler: an admin session, or `Authorization: Bearer $OPS_TOKEN`. */
    requireOps: (request: FastifyRequest) => Promise<void>
    /** Whether the request comes from ops (the token, or an admin session) — for answers that say more to ops. */
    isOps: (request: FastifyRequest) => Promise<boolean>
  }
  interface FastifyRequest {
    /** The signed-in user; only after requireUser or requireOps. */
    user: SessionUser
  }
}

const accountGone = () => unauthorized('this account no longer exists; sign in again')

/** The session's user with the role the account has now (the same object when nothing changed). */
function withRole(user: SessionUser, role: Role): SessionUser {
  return role === user.role ? user : { ...user, role }
}

/**
 * Who may do what. The session says who signed in; the account's role is read from Postgres
 * (trusted for a few seconds, see RoleCache), so demoting an admin or deleting an account takes
 * effect on live sessions within seconds.
 */
export default fp(
  async function auth(fastify: FastifyInstance) {
    const roles = new RoleCache((id) => findUserRole(fastify.db, id))
    fastify.decorateRequest('user', null as unknown as SessionUser)

    // Callback style: it runs on every signed-in request, and the role is nearly always in memory.
    fastify.decorate('requireUser', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
      const user = request.session?.user
      if (!user) return done(unauthorized())
      const admit = (role: Role | null) => {
        if (role === null) return done(accountGone())
        request.user = withRole(user, role)
        done()
      }
      const known = roles.cached(user.id)
      if (known !== undefined) return admit(known)
      roles.get(user.id).then(admit, done)
    })

    async function opsUser(request: FastifyRequest): Promise<SessionUser | 'token' | 'not-admin' | undefined> {
      if (request.opsToken) return 'token'
      const user = request.session?.user
      if (!user) return undefined
      const role = await roles.get(user.id)
      if (role === null) return undefined
      if (role !== 'admin') return 'not-admin'
      return withRole(user, role)
    }

    fastify.decorate('requireOps', async (request: FastifyRequest) => {
      const who = await opsUser(request)
      if (who === 'token') return
      if (who === undefined) throw unauthorized('sign in as an admin, or send Authorization: Bearer $OPS_TOKEN')
      if (who === 'not-admin') throw forbidden('this needs an admin account')
      request.user = who
    })

    fastify.decorate('isOps', async (request: FastifyRequest) => {
      const who = await opsUser(request)
      return who !== undefined && who !== 'not-admin'
    })
  },
  { name: 'auth', dependencies: ['database', 'sessions', 'bearer-auth'] },
)
