import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, extname, join, relative, sep } from 'node:path'

/** Where the UI's files are served from. */
export const UI_PREFIX = '/ui/'

/** One file the UI may load: where it is on disk, and whether its URL names its content. */
export interface UiFile {
  root: string
  file: string
  /** The URL carries the content's hash: cache it for ever. */
  immutable: boolean
}

/** A document the server sends with the hashed URLs filled in, and its ETag. */
export interface UiDocument {
  html: string
  etag: string
}

export interface UiManifest {
  /** By URL path: `/ui/app.3f2a…c1.js` (immutable) and `/ui/app.js` (revalidated). */
  files: Map<string, UiFile>
  /** index.html with every `/ui/…` reference pointing at its hashed URL, and the import map. */
  html: string
  etag: string
  /** SHA-256 (base64) of each inline script of `html`, for the CSP. */
  inlineScriptHashes: string[]
  /** preview.html: the document of the frame a conversion's Markdown is shown in. */
  preview: UiDocument
}

/**
 * A browser library served from node_modules. With a `specifier`, an ES module the UI imports by
 * that name (preloaded with the page). Without, a classic script (the Markdown worker's
 * libraries: a worker has no import map), in the import map under its plain URL only so that
 * the UI finds its hashed URL with `import.meta.resolve`.
 */
export interface VendorFile {
  specifier?: string
  path: string
}

export interface UiManifestOptions {
  vendor: Record<string, VendorFile>
  /** Files of publicDir that are classic scripts (workers), not modules: not preloaded. */
  classicScripts?: readonly string[]
}

const digest = (bytes: Buffer | string, encoding: 'hex' | 'base64') =>
  createHash('sha256').update(bytes).digest(encoding)

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

function hashed(logical: string, bytes: Buffer): string {
  const ext = extname(logical)
  return `${logical.slice(0, logical.length - ext.length)}.${digest(bytes, 'hex').slice(0, 12)}${ext}`
}

/**
 * Reads the UI's files and names each by its content, so a browser may keep them for a year and
 * still never run a stale one after a deploy. The modules import each other by their plain names
 * (`./api.js`, `dompurify`): an import map in the page points those names at the hashed files, so
 * no build step rewrites the sources. The `.html` files are templates, not files: the pages and
 * the preview frame, with their `/ui/…` references pointing at the hashed files.
 */
export function buildUiManifest(publicDir: string, { vendor, classicScripts = [] }: UiManifestOptions): UiManifest {
  const files = new Map<string, UiFile>()
  const hashedUrl = new Map<string, string>()
  const imports: Record<string, string> = {}
  const preloads: string[] = []

  const add = (logical: string, root: string, file: string) => {
    const url = hashed(logical, readFileSync(join(root, file)))
    files.set(url, { root, file, immutable: true })
    files.set(logical, { root, file, immutable: false })
    hashedUrl.set(logical, url)
    return url
  }

  for (const path of walk(publicDir)) {
    const rel = relative(publicDir, path).split(sep).join('/')
    if (rel.endsWith('.html')) continue
    const url = add(`${UI_PREFIX}${rel}`, publicDir, rel)
    if (!rel.endsWith('.js')) continue
    imports[`${UI_PREFIX}${rel}`] = url
    if (!classicScripts.includes(rel)) preloads.push(url)
  }
  for (const [name, file] of Object.entries(vendor)) {
    const logical = `${UI_PREFIX}vendor/${name}`
    const url = add(logical, dirname(file.path), basename(file.path))
    imports[file.specifier ?? logical] = url
    if (file.specifier !== undefined) preloads.push(url)
  }

  const fill = (template: string) =>
    readFileSync(join(publicDir, template), 'utf8').replace(
      /(href|src)="(\/ui\/[^"]+)"/g,
      (_whole, attribute: string, url: string) => {
        const target = hashedUrl.get(url)
        if (target === undefined) throw new Error(`${template} refers to ${url}, which is not in ${publicDir}`)
        return `${attribute}="${target}"`
      },
    )
  const document = (html: string): UiDocument => ({ html, etag: `"${digest(html, 'hex').slice(0, 16)}"` })

  const importMap = JSON.stringify({ imports })
  const preload = preloads.map((url) => `<link rel="modulepreload" href="${url}">`).join('\n  ')
  const page = document(
    fill('index.html').replace(
      '<script type="module"',
      `<script type="importmap">${importMap}</script>\n  ${preload}\n  <script type="module"`,
    ),
  )
  return {
    files,
    ...page,
    inlineScriptHashes: [digest(importMap, 'base64')],
    preview: document(fill('preview.html')),
  }
}
