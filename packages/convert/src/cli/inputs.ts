import { readdir, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { formatNames } from '../formats.js'

/**
 * Extensions a folder's documents are found by (a named FILE is read whatever its name): every
 * format's (formats.ts) but pictures' — a folder's pictures are mostly its documents' own
 * (`report.assets/`), and converting them would OCR every output of an earlier run. A picture is
 * converted when named.
 */
const pictures = new Set<string>(['png', 'jpeg', 'tiff', 'webp'])
const documentExtensions = new Set(
  Object.entries(formatNames).flatMap(([format, names]) => (pictures.has(format) ? [] : names.extensions)),
)

/** One document to convert: a file (found in a DIR or named), or standard input. */
export type Source =
  | { kind: 'stdin' }
  | {
      kind: 'file'
      /** Absolute path. */
      path: string
      /** As the person wrote it, or as found under their DIR: what messages name. */
      shown: string
      /** The DIR it was found in (absolute), for mirroring its folders under -o. */
      root: string | undefined
    }

export interface Inputs {
  sources: Source[]
  /** Inputs that do not exist or cannot be read. */
  missing: Array<{ shown: string; reason: string }>
  /** Files in the DIRs that are not documents draftsmith reads. */
  skipped: number
}

/**
 * The documents the command's inputs name: files as given, folders walked in name order. Hidden
 * entries, `node_modules` and the folders the command writes to (`outputs`: -o, --assets) are not
 * walked into: a project's dependencies are not its documents, and a second run must not convert
 * the first one's Markdown (ADR 111).
 */
export async function findInputs(inputs: string[], outputs: Array<string | undefined> = []): Promise<Inputs> {
  const found: Inputs = { sources: [], missing: [], skipped: 0 }
  const skip = new Set(outputs.flatMap((output) => (output === undefined || output === '-' ? [] : [resolve(output)])))
  for (const input of inputs) {
    if (input === '-') {
      found.sources.push({ kind: 'stdin' })
      continue
    }
    const path = resolve(input)
    let info
    try {
      info = await stat(path)
    } catch (error) {
      const code = (error as { code?: string }).code
      found.missing.push({
        shown: input,
        reason: code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code})`,
      })
      continue
    }
    if (info.isDirectory()) await walk(path, path, input, found, skip)
    else found.sources.push({ kind: 'file', path, shown: input, root: undefined })
  }
  return found
}

async function walk(dir: string, root: string, shownRoot: string, found: Inputs, skip: Set<string>): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !skip.has(path)) await walk(path, root, shownRoot, found, skip)
    } else if (!entry.isFile()) continue
    else if (documentExtensions.has(extname(entry.name).toLowerCase()))
      found.sources.push({ kind: 'file', path, shown: join(shownRoot, path.slice(root.length + 1)), root })
    else found.skipped++
  }
}
