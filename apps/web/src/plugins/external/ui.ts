import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  applySecurityHeaders,
  previewContentSecurityPolicy,
  uiContentSecurityPolicy,
  type SecurityHeaders,
} from './security-headers.js'
import { buildUiManifest, UI_PREFIX, type UiDocument, type UiManifest, type UiManifestOptions } from './ui-manifest.js'
import fp from 'fastify-plugin'

const publicDir = fileURLToPath(new URL('../../../public', import.meta.url))

/** `file`, beside the entry point of the package `specifier`. */
const beside = (specifier: string, file: string) => fileURLToPath(new URL(file, import.meta.resolve(specifier)))

/**
 * The browser libraries the UI uses, served from node_modules (no CDN, same origin): DOMPurify as
 * a module; Markdown (marked, its footnotes, KaTeX for math as MathML) as the classic builds the
 * Markdown worker loads, KaTeX only for a document with math.
 */
const manifestOptions: UiManifestOptions = {
  vendor: {
    'purify.js': { specifier: 'dompurify', path: fileURLToPath(import.meta.resolve('dompurify')) },
    'marked.js': { path: beside('marked', 'marked.umd.js') },
    'marked-footnote.js': { path: beside('marked-footnote', 'index.umd.js') },
    'katex.js': { path: beside('katex', 'katex.min.js') },
    'marked-katex-extension.js': { path: beside('marked-katex-extension', 'index.umd.js') },
  },
  classicScripts: ['markdown-worker.js'],
}

/** The UI's pages: each is index.html, and the page's script draws what the path names. */
export const uiPages = ['/', '/proposals', '/proposals/:id', '/conversions/:id', '/account', '/admin']

/** The preview frame's document: as the reader opens it, and once they asked for remote pictures. */
export const previewPaths = { strict: '/preview', remotePictures: '/preview/remote-pictures' } as const

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
  let manifest: UiManifest = buildUiManifest(publicDir, manifestOptions)
  const headers = new Map<string, SecurityHeaders>()
  const pageHeaders = (m: UiManifest) => {
    const key = m.inlineScriptHashes.join(' ')
    let found = headers.get(key)
    if (found === undefined)
      headers.set(key, (found = fastify.securityHeadersFor(uiContentSecurityPolicy(m.inlineScriptHashes))))
    return found
  }
  applySecurityHeaders(fastify, pageHeaders(manifest))

  /** Sends `document` revalidated at every load (its ETag), so a deploy shows at the next one. */
  const send = (request: FastifyRequest, reply: FastifyReply, headers: SecurityHeaders, document: UiDocument) => {
    reply.headers(headers).header('cache-control', 'no-cache').header('etag', document.etag)
    if (request.headers['if-none-match'] === document.etag) return reply.code(304).send()
    return reply.type('text/html; charset=utf-8').send(document.html)
  }
  const current = () => {
    if (!fastify.config.production) manifest = buildUiManifest(publicDir, manifestOptions)
    return manifest
  }
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const m = current()
    return send(request, reply, pageHeaders(m), m)
  }
  for (const path of uiPages) fastify.get(path, { schema: { hide: true } }, page)

  // The frame a document is shown in, with its own policy (ADR 045): the UI fills it from outside.
  for (const [kind, path] of Object.entries(previewPaths)) {
    const headers = fastify.securityHeadersFor(
      previewContentSecurityPolicy({ remotePictures: kind === 'remotePictures' }),
    )
    fastify.get(path, { schema: { hide: true } }, async (request, reply) =>
      send(request, reply, headers, current().preview),
    )
  }

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
