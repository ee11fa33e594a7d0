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

export interface UiManifest {
  /** By URL path: `/ui/app.3f2a…c1.js` (immutable) and `/ui/app.js` (revalidated). */
  files: Map<string, UiFile>
  /** index.html with every `/ui/…` reference pointing at its hashed URL, and the import map. */
  html: string
  etag: string
  /** SHA-256 (base64) of each inline script of `html`, for the CSP. */
  inlineScriptHashes: string[]
}

/** A browser library served from node_modules, imported by the UI's modules as `specifier`. */
export interface VendorModule {
  specifier: string
  path: string
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
 * (`./api.js`, `marked`): an import map in the page points those names at the hashed files, so
 * no build step rewrites the sources.
 */
export function buildUiManifest(publicDir: string, vendor: Record<string, VendorModule>): UiManifest {
  const files = new Map<string, UiFile>()
  const hashedUrl = new Map<string, string>()
  const imports: Record<string, string> = {}

  const add = (logical: string, root: string, file: string) => {
    const url = hashed(logical, readFileSync(join(root, file)))
    files.set(url, { root, file, immutable: true })
    files.set(logical, { root, file, immutable: false })
    hashedUrl.set(logical, url)
    return url
  }

  for (const path of walk(publicDir)) {
    const rel = relative(publicDir, path).split(sep).join('/')
    if (rel === 'index.html') continue
    const url = add(`${UI_PREFIX}${rel}`, publicDir, rel)
    if (rel.endsWith('.js')) imports[`${UI_PREFIX}${rel}`] = url
  }
  for (const [name, module] of Object.entries(vendor)) {
    imports[module.specifier] = add(`${UI_PREFIX}vendor/${name}`, dirname(module.path), basename(module.path))
  }

  const importMap = JSON.stringify({ imports })
  const template = readFileSync(join(publicDir, 'index.html'), 'utf8')
  const preload = Object.values(imports)
    .map((url) => `<link rel="modulepreload" href="${url}">`)
    .join('\n  ')
  const html = template
    .replace(/(href|src)="(\/ui\/[^"]+)"/g, (whole, attribute: string, url: string) => {
      const target = hashedUrl.get(url)
      if (target === undefined) throw new Error(`index.html refers to ${url}, which is not in ${publicDir}`)
      return `${attribute}="${target}"`
    })
    .replace(
      '<script type="module"',
      `<script type="importmap">${importMap}</script>\n  ${preload}\n  <script type="module"`,
    )
  return {
    files,
    html,
    etag: `"${digest(html, 'hex').slice(0, 16)}"`,
    inlineScriptHashes: [digest(importMap, 'base64')],
  }
}
