import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { applySecurityHeaders, uiContentSecurityPolicy, type SecurityHeaders } from './security-headers.js'
import { buildUiManifest, UI_PREFIX, type UiManifest, type VendorModule } from './ui-manifest.js'
import fp from 'fastify-plugin'

const publicDir = fileURLToPath(new URL('../../../public', import.meta.url))

/** The two browser libraries the UI uses, served from node_modules (no CDN, same origin). */
const vendor: Record<string, VendorModule> = {
  'marked.js': { specifier: 'marked', path: fileURLToPath(import.meta.resolve('marked')) },
  'purify.js': { specifier: 'dompurify', path: fileURLToPath(import.meta.resolve('dompurify')) },
}

/** The UI's pages: each is index.html, and the page's script draws what the path names. */
export const uiPages = ['/', '/proposals', '/proposals/:id', '/conversions/:id', '/account', '/admin']

const YEAR_SECONDS = 31_536_000

/**
 * The web UI: plain ES modules and one stylesheet (no framework, no build step; see ADR 035),
 * on the API's origin so the session cookie and the CSRF rules apply as they are. Files are
 * served under content-hashed names with a year's cache; the pages (index.html) are revalidated
 * on every visit, so a deploy is picked up at the next page load. Markdown is rendered in the
 * browser and sanitized with DOMPurify, under a CSP that allows this origin's scripts, the page's
 * import map by its hash, and markup from DOMPurify only (Trusted Types).
 */
async function ui(fastify: FastifyInstance): Promise<void> {
  await fastify.register(fastifyStatic, { root: publicDir, serve: false })

  // In development the files change under a running server: re-read them at each page load.
  let manifest: UiManifest = buildUiManifest(publicDir, vendor)
  const headers = new Map<string, SecurityHeaders>()
  const pageHeaders = (m: UiManifest) => {
    const key = m.inlineScriptHashes.join(' ')
    let found = headers.get(key)
    if (found === undefined)
      headers.set(key, (found = fastify.securityHeadersFor(uiContentSecurityPolicy(m.inlineScriptHashes))))
    return found
  }
  applySecurityHeaders(fastify, pageHeaders(manifest))

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!fastify.config.production) manifest = buildUiManifest(publicDir, vendor)
    reply.headers(pageHeaders(manifest)).header('cache-control', 'no-cache').header('etag', manifest.etag)
    if (request.headers['if-none-match'] === manifest.etag) return reply.code(304).send()
    return reply.type('text/html; charset=utf-8').send(manifest.html)
  }
  for (const path of uiPages) fastify.get(path, { schema: { hide: true } }, page)

  fastify.get(`${UI_PREFIX}*`, { schema: { hide: true } }, async (request, reply) => {
    const file = manifest.files.get(request.url.split('?')[0] ?? '')
    if (file === undefined) return reply.callNotFound()
    return file.immutable
      ? reply.sendFile(file.file, file.root, { maxAge: YEAR_SECONDS * 1000, immutable: true })
      : reply.sendFile(file.file, file.root, { maxAge: 0 })
  })
  // Browsers ask for it at the root whatever the page says.
  fastify.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('image/svg+xml').sendFile('favicon.svg', publicDir, { maxAge: 86_400_000 }),
  )
}

// Encapsulated: the UI's own CSP and routes stay in its scope.
export default fp(ui, { name: 'ui', dependencies: ['config', 'security-headers'], encapsulate: true })
