// Fastify + @fastify/session + connect-redis (8.1, the last with ioredis), configured not to
// re-save on every request so the comparison is fair. With STORE=memory, the plugin's own
// in-process store instead: the plugin with no network at all.
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import { RedisStore } from 'connect-redis'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { meBody, ready, secret } from './shared.js'

const store =
  process.env.STORE === 'memory'
    ? undefined
    : new RedisStore({ client: new Redis(process.env.REDIS_URL as string), prefix: `${process.env.PREFIX}fastify:` })
const app = Fastify()
await app.register(fastifyCookie)
await app.register(fastifySession, {
  secret,
  store: store as never,
  saveUninitialized: false,
  rolling: false,
  cookie: { secure: false, httpOnly: true, sameSite: 'lax' },
})
app.post('/login', async (request) => {
  ;(request.session as unknown as Record<string, unknown>).user = meBody.user
  return { ok: true }
})
app.get('/api/auth/me', async (request, reply) => {
  const user = (request.session as unknown as Record<string, unknown>).user
  if (!user) return reply.code(401).send({ status: 401 })
  return { user, session: meBody.session }
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
ready(Number(process.env.PORT))
