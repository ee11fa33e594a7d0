// The ceiling: Fastify answering the same JSON with no session at all.
import Fastify from 'fastify'
import { meBody, ready } from './shared.js'

const app = Fastify()
app.get('/api/auth/me', async () => meBody)
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
ready(Number(process.env.PORT))
