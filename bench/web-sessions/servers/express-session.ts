// Express 5 + express-session + connect-redis, configured like the Fastify peer.
import { RedisStore } from 'connect-redis'
import express from 'express'
import session from 'express-session'
import { Redis } from 'ioredis'
import { meBody, ready, secret } from './shared.js'

const redis = new Redis(process.env.REDIS_URL as string)
const app = express()
app.use(
  session({
    secret,
    store: new RedisStore({ client: redis, prefix: `${process.env.PREFIX}express:` }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { secure: false, httpOnly: true, sameSite: 'lax' },
  }),
)
app.post('/login', (req, res) => {
  ;(req.session as unknown as Record<string, unknown>).user = meBody.user
  res.json({ ok: true })
})
app.get('/api/auth/me', (req, res) => {
  const user = (req.session as unknown as Record<string, unknown>).user
  if (!user) return void res.status(401).json({ status: 401 })
  res.json({ user, session: meBody.session })
})
const port = Number(process.env.PORT)
app.listen(port, '127.0.0.1', () => ready(port))
