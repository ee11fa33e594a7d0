import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

type Directives = Record<string, string[]>

/** The policy of every page and response: only this origin's own scripts, styles and frames. */
export const contentSecurityPolicy: Directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // Nothing from another site: a document's remote pictures load only in the preview frame, and
  // only once the reader asks (previewContentSecurityPolicy).
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
}

/** The Trusted Types policy through which the UI starts its Markdown worker (and the worker its libraries). */
export const WORKER_TRUSTED_TYPES_POLICY = 'markdown-worker'

/**
 * The UI's pages: the app's policy, plus the one inline script they carry (the import map that
 * points module names at content-hashed files, allowed by its hash) and Trusted Types, so that
 * only DOMPurify may turn a string into markup, and only the UI's own files become the Markdown
 * worker's scripts. Styles stay 'self' only: the UI sets none inline. No picture from another
 * site loads here: a document is shown in the preview frame, which has its own policy.
 */
export function uiContentSecurityPolicy(inlineScriptHashes: readonly string[]): Directives {
  return {
    ...contentSecurityPolicy,
    scriptSrc: ["'self'", ...inlineScriptHashes.map((hash) => `'sha256-${hash}'`)],
    requireTrustedTypesFor: ["'script'"],
    trustedTypes: ['dompurify', WORKER_TRUSTED_TYPES_POLICY],
  }
}

/** What the preview frame lets a document do, beyond showing itself: open its links in a new tab. */
export const PREVIEW_SANDBOX = ['allow-same-origin', 'allow-popups', 'allow-popups-to-escape-sandbox']

/**
 * The preview frame, where a conversion's Markdown is shown (ADR 045): no script at all (the UI
 * fills the frame from outside, after DOMPurify), this origin's stylesheet, this origin's
 * pictures — and pictures and media from other sites (https only) once the reader has asked,
 * which is another URL with this policy relaxed. A document's author learns nothing before that.
 */
export function previewContentSecurityPolicy({ remotePictures }: { remotePictures: boolean }): Directives {
  const remote = remotePictures ? ['https:'] : []
  return {
    defaultSrc: ["'none'"],
    scriptSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:', ...remote],
    mediaSrc: ["'self'", ...remote],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'self'"],
    sandbox: PREVIEW_SANDBOX,
    requireTrustedTypesFor: ["'script'"],
    trustedTypes: ["'none'"],
  }
}

/** For what a document contains, served as itself (Markdown, pictures): inert, whatever it holds. */
export const DOCUMENT_CSP = "default-src 'none'; sandbox"

export type SecurityHeaders = Readonly<Record<string, string>>

declare module 'fastify' {
  interface FastifyInstance {
    /** The headers helmet computes for `directives` (the app's other settings kept): for a part of the site with its own policy. */
    securityHeadersFor(directives: Directives): SecurityHeaders
  }
}

/** What helmet's middleware would set, computed once: the headers do not depend on the request. */
function computeHeaders(options: HelmetOptions): SecurityHeaders {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {})
  return headers
}

/** Sets `headers` on every reply of `fastify`'s context (callback style: no promise per request). */
export function applySecurityHeaders(fastify: FastifyInstance, headers: SecurityHeaders): void {
  fastify.addHook('onRequest', (_request, reply: FastifyReply, done) => {
    reply.headers(headers)
    done()
  })
}

/**
 * Security headers on every response — API, errors, 404s, the UI, the queue dashboard — not only
 * on the UI's files: Content-Security-Policy, nosniff, frame, referrer and cross-origin policies,
 * and HSTS in production (Render terminates TLS in front of us; a browser ignores HSTS over plain
 * HTTP, and development need not send it). helmet decides the headers; they are computed at
 * boot because `@fastify/helmet` rebuilds helmet's middleware on every request.
 */
export default fp(
  async function securityHeaders(fastify: FastifyInstance) {
    const base: HelmetOptions = {
      strictTransportSecurity: fastify.config.production ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    }
    const headersFor = (directives: Directives) =>
      computeHeaders({ ...base, contentSecurityPolicy: { useDefaults: false, directives } })
    fastify.decorate('securityHeadersFor', headersFor)
    applySecurityHeaders(fastify, headersFor(contentSecurityPolicy))
  },
  { name: 'security-headers', dependencies: ['config'] },
)
