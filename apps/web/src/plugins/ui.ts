import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

const publicDir = fileURLToPath(new URL('../../public', import.meta.url))

/** The small web UI: static files, same origin as the API (so the session cookie and CSRF rules just work). */
export default async function ui(fastify: FastifyInstance): Promise<void> {
  await fastify.register(fastifyStatic, { root: publicDir, prefix: '/', index: 'index.html', cacheControl: true, maxAge: '5m' })
}
