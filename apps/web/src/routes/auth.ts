import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { HttpProblem, notFound, problemTypes } from '../errors/problems.js'
import { clientKey } from '../limits/client-address.js'
import { tooManyRequests } from '../limits/too-many-requests.js'
import { claimVisitorProposals } from '@draftsmith/db/proposals'
import { authenticate, signUp } from '../accounts/accounts.js'
import { describeDevice } from '../sessions/device.js'
import { clientOf } from '../plugins/app/sessions.js'
import type { SessionUser } from '../sessions/session-record.js'

const Credentials = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 10, maxLength: 256 }),
  },
  { additionalProperties: false },
)
const User = Type.Object({ id: Type.String(), email: Type.String(), role: Type.String() })
const SessionInfo = Type.Object({
  id: Type.String({ description: 'Use it with DELETE /api/auth/sessions/:id' }),
  current: Type.Boolean(),
  device: Type.String(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
})

/**
 * Starts an authenticated session: a new id (no session fixation), the visitor id kept so the
 * visitor's anonymous proposals stay reachable, and those proposals claimed by the account.
 */
async function signIn(request: FastifyRequest, user: SessionUser): Promise<void> {
  await claimVisitorProposals(request.server.db, request.session.visitorId, user.id)
  request.session.user = user
  request.session.client = clientOf(request)
  await request.session.regenerate(['visitorId', 'user', 'client'])
}

const auth: FastifyPluginAsyncTypebox = async (fastify) => {
  const wrongCredentials = () =>
    new HttpProblem(401, 'the email or the password is wrong', { type: problemTypes.invalidCredentials })

  fastify.post(
    '/signup',
    {
      schema: {
        description:
          'Create an account and sign in; anonymous proposals of this browser become the account’s. An email that already has an account signs its owner in with the right password and is refused like a failed sign-in otherwise, so the answer never says which emails have accounts. Limited per address (429 with Retry-After).',
        tags: ['auth'],
        body: Credentials,
        response: { 201: Type.Object({ user: User }) },
      },
    },
    async (request, reply) => {
      if (!fastify.config.signupEnabled) {
        throw new HttpProblem(403, 'sign-up is turned off on this instance; ask an admin for an account', {
          type: problemTypes.signupDisabled,
        })
      }
      const allowed = await fastify.limits.signups.consume(clientKey(request))
      if (!allowed.allowed) throw tooManyRequests('too many sign-ups from this address', allowed.retryAfterSeconds)
      const outcome = await signUp(fastify.db, request.body.email, request.body.password)
      if (outcome.kind === 'refused') throw wrongCredentials()
      await signIn(request, outcome.user)
      return reply.code(201).send({ user: outcome.user })
    },
  )

  fastify.post(
    '/login',
    {
      preHandler: async (request) =>
        fastify.limits.login.check((request.body as { email: string }).email, clientKey(request)),
      schema: {
        description:
          'Sign in. Failed attempts are limited per address, and per account from one address with a doubling wait; the owner is never locked out from another address (429 with Retry-After).',
        tags: ['auth'],
        body: Credentials,
        response: { 200: Type.Object({ user: User }) },
      },
    },
    async (request) => {
      const { email, password } = request.body
      const user = await authenticate(fastify.db, email, password)
      if (user === undefined) {
        await fastify.limits.login.failed(email, clientKey(request))
        throw wrongCredentials()
      }
      await fastify.limits.login.succeeded(email, clientKey(request))
      await signIn(request, user)
      return { user }
    },
  )

  fastify.post(
    '/logout',
    {
      schema: {
        description: 'Destroy the session server-side and clear the cookie.',
        tags: ['auth'],
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      if (request.session?.stored) await request.session.destroy()
      return reply.clearSessionCookie().code(204).send(null)
    },
  )

  fastify.get(
    '/me',
    {
      preHandler: fastify.requireUser,
      schema: {
        tags: ['auth'],
        response: {
          200: Type.Object({
            user: User,
            session: Type.Object({ createdAt: Type.String(), expiresAt: Type.String() }),
          }),
        },
      },
    },
    async (request) => {
      const stored = request.session.stored
      const now = new Date().toISOString()
      return { user: request.user, session: stored?.times ?? { createdAt: now, expiresAt: now } }
    },
  )

  fastify.get(
    '/sessions',
    {
      preHandler: fastify.requireUser,
      schema: {
        description: 'Every signed-in session of this account.',
        tags: ['auth'],
        response: { 200: Type.Object({ sessions: Type.Array(SessionInfo) }) },
      },
    },
    async (request) => {
      const current = request.session.stored?.id
      const sessions = await fastify.sessions.listForUser(request.user.id)
      return {
        sessions: sessions.map((s) => ({
          id: s.id,
          current: s.id === current,
          device: describeDevice(s.userAgent),
          userAgent: s.userAgent,
          ip: s.ip,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
        })),
      }
    },
  )

  fastify.delete(
    '/sessions/:id',
    {
      preHandler: fastify.requireUser,
      schema: {
        description: 'Revoke one of my sessions (404 for anyone else’s).',
        tags: ['auth'],
        params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const revoked = await fastify.sessions.revokeForUser(request.user.id, request.params.id)
      if (!revoked) throw notFound('this session')
      if (request.params.id === request.session.stored?.id) {
        await request.session.destroy()
        reply.clearSessionCookie()
      }
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/sessions/revoke-others',
    {
      preHandler: fastify.requireUser,
      schema: {
        description: 'Sign out every other session of this account.',
        tags: ['auth'],
        response: { 200: Type.Object({ revoked: Type.Integer() }) },
      },
    },
    async (request) => ({
      revoked: await fastify.sessions.revokeOthers(request.user.id, request.session.stored?.id ?? ''),
    }),
  )
}

export default auth
