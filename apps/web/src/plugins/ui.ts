import { dirname, basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

const publicDir = fileURLToPath(new URL('../../public', import.meta.url))

/** The two browser libraries the UI uses, served from node_modules (no CDN, same origin). */
const vendor: Record<string, string> = {
  'marked.js': fileURLToPath(import.meta.resolve('marked')),
  'purify.js': fileURLToPath(import.meta.resolve('dompurify')),
}

/**
 * The small web UI: static files on the API's origin, so the session cookie and the CSRF rules
 * apply as they are. Markdown is rendered in the browser and sanitized with DOMPurify; the CSP
 * (plugins/security-headers.ts) allows scripts from this origin only.
 */
export default async function ui(fastify: FastifyInstance): Promise<void> {
  await fastify.register(fastifyStatic, { root: publicDir, prefix: '/', index: 'index.html', maxAge: '5m', decorateReply: true })
  fastify.get('/vendor/:file', { schema: { hide: true } }, async (request, reply) => {
    const path = vendor[(request.params as { file: string }).file]
    if (path === undefined) return reply.callNotFound()
    return reply.header('cache-control', 'public, max-age=86400').type('text/javascript; charset=utf-8').sendFile(basename(path), dirname(path))
  })
}
