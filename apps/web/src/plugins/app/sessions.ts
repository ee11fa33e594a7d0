import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { onCloseWithin } from '../../close-step.js'
import { SessionQueries } from '@draftsmith/db/sessions'
import { SessionChangeFeed } from '../../sessions/change-feed.js'
import { LocalSessionCache } from '../../sessions/local-cache.js'
import { MemoSigner } from '../../sessions/memo-signer.js'
import { SessionCache } from '../../sessions/session-cache.js'
import type { SessionClient } from '../../sessions/session-record.js'
import { SessionStore } from '../../sessions/session-store.js'

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionStore
  }
  interface FastifyReply {
    /** Expires the session cookie with the attributes its name requires. */
    clearSessionCookie(): FastifyReply
  }
}

const renewed = Symbol('session cookie signed with an older secret')

declare module 'fastify' {
  interface FastifyRequest {
    [renewed]?: boolean
  }
}

/** Who is on the other end, for the session list (behind Render's proxy, `ip` is the client's). */
export function clientOf(request: FastifyRequest): SessionClient {
  return { userAgent: request.headers['user-agent'] ?? null, ip: request.ip ?? null }
}

/**
 * Sessions: @fastify/cookie + @fastify/session with draftsmith's store, plus what the plugin
 * leaves to its users:
 * - HttpOnly, SameSite=Lax, Secure and `__Host-` in production; no rolling re-saves, nothing
 *   saved for visitors who have not done anything;
 * - secret rotation: a cookie signed by an older secret of SESSION_SECRET is re-signed and sent
 *   back instead of being cleared (which would log everyone out on rotation);
 * - the idle expiry is pushed forward at most once per touch interval;
 * - a cookie that no longer verifies, or names a dead session, is cleared once — with the
 *   attributes a `__Host-` cookie needs, which @fastify/session's own clearing omits.
 */
export default fp(
  async function sessions(fastify: FastifyInstance) {
    const { sessions: settings, sessionSecrets, redisKeyPrefix } = fastify.config
    const shared = fastify.redis
      ? new SessionCache(fastify.redis, { prefix: redisKeyPrefix, ttlSeconds: settings.cacheTtlSeconds })
      : undefined
    let local: LocalSessionCache | undefined
    let feed: SessionChangeFeed | undefined
    if (settings.localCacheMs > 0) {
      const memory = new LocalSessionCache(settings.localCacheMs)
      feed = new SessionChangeFeed(fastify.config.databaseUrl, {
        changed: (id) => memory.delete(id),
        up: () => memory.enable(),
        down: () => memory.disable(),
      })
      feed.start()
      onCloseWithin(fastify, 'session change feed', () => feed?.stop())
      local = memory
    }
    const queries = new SessionQueries(fastify.sql, { notifyAs: feed?.instance })
    const store = new SessionStore(queries, { shared, local }, settings)
    fastify.decorate('sessions', store)

    const cookieName = settings.cookieName
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: settings.secureCookie,
    }
    const signer = new MemoSigner(sessionSecrets)

    await fastify.register(fastifyCookie)

    // Must run before @fastify/session reads the cookie (hooks run in registration order).
    // With a single secret nothing can need re-signing: skip the extra HMAC.
    if (sessionSecrets.length > 1)
      fastify.addHook('onRequest', async (request) => {
        const raw = request.cookies[cookieName]
        if (raw === undefined) return
        const unsigned = signer.unsign(raw)
        if (unsigned.valid && unsigned.renew && unsigned.value !== null) {
          request.cookies[cookieName] = signer.sign(unsigned.value)
          request[renewed] = true
        }
      })

    await fastify.register(fastifySession, {
      secret: signer,
      cookieName,
      cookie: { ...cookieOptions, maxAge: settings.absoluteTimeoutMs },
      store,
      saveUninitialized: false,
      rolling: false,
    })

    // Callback style: on nearly every request there is nothing to do, and no promise to pay for.
    fastify.addHook('onRequest', (request, reply, done) => {
      const stored = request.session?.stored
      if (stored === undefined) return done()
      if (request[renewed]) {
        reply.setCookie(cookieName, request.session.encryptedSessionId, {
          ...cookieOptions,
          expires: new Date(stored.absoluteExpiresAt),
        })
      }
      if (Date.now() - stored.lastSeenAt < settings.touchIntervalMs) return done()
      store.touch(stored.id).then(() => done(), done)
    })

    fastify.decorateReply('clearSessionCookie', function clearSessionCookie(this: FastifyReply) {
      return this.clearCookie(cookieName, cookieOptions)
    })

    if (settings.secureCookie) {
      // @fastify/session 11.1 clears a stale cookie with domain and path only (index.js:168;
      // https://github.com/fastify/session/issues/345 added the path, not the rest); browsers ignore
      // a clear of a `__Host-` cookie that is not Secure. Until the plugin passes the configured
      // cookie options there, such a clear is re-serialized with ours — only that header, only
      // when it lacks Secure, so a fixed upstream makes this a no-op.
      const brokenClear = `${cookieName}=;`
      const fixedClear = fastify.serializeCookie(cookieName, '', { ...cookieOptions, expires: new Date(0), maxAge: 0 })
      fastify.addHook('onSend', async (_request, reply) => {
        const header = reply.getHeader('set-cookie')
        if (header === undefined) return
        const values = Array.isArray(header) ? header : [String(header)]
        if (!values.some((v) => v.startsWith(brokenClear) && !/;\s*Secure/i.test(v))) return
        reply.header(
          'set-cookie',
          values.map((v) => (v.startsWith(brokenClear) ? fixedClear : v)),
        )
      })
    }
  },
  { name: 'sessions', dependencies: ['config', 'database', 'redis'] },
)
