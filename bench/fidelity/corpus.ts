import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { documentTypes, formatNames } from '@draftsmith/convert/formats'

/**
 * Formats the corpus holds, each in `corpus/<format>/`: every format the engine reads but
 * Markdown and plain text (what they say is their text), TSV (the CSV reader's, with a tab) and
 * pictures of pages (bench/ocr measures OCR against tesseract).
 */
export const formats = [
  'docx',
  'html',
  'pdf',
  'odt',
  'epub',
  'rtf',
  'doc',
  'pptx',
  'odp',
  'ppt',
  'xlsx',
  'xlsm',
  'xls',
  'ods',
  'csv',
  'eml',
  'msg',
  'ipynb',
  'feed',
  'json',
  'xml',
  'zip',
] as const
export type Format = (typeof formats)[number]

export const corpusRoot = fileURLToPath(new URL('./corpus/', import.meta.url))

export interface CorpusDocument {
  format: Format
  /** File name without extension: `table_03`. */
  name: string
  /** File name: `table_03.html`. */
  file: string
  path: string
  bytes: Buffer
  mime: string
  /** The Markdown the document should convert to. */
  expected: string
}

/**
 * Every `corpus/<format>/<name>.<format>` that has its expected `<name>.md` beside it, by name.
 * A document without one is reported, not scored.
 */
export function loadCorpus(format: Format, root = corpusRoot): { documents: CorpusDocument[]; unpaired: string[] } {
  return loadFolder(join(root, format), format, documentTypes[format], formatNames[format].extensions)
}

/** Every `<name>.<extension>` of `folder` (`.rss` and `.atom` for feeds) with its expected `<name>.md`, read as `format`. */
export function loadFolder(
  folder: string,
  format: Format,
  mime: string,
  extensions: readonly string[] = [`.${format}`],
): { documents: CorpusDocument[]; unpaired: string[] } {
  if (!existsSync(folder)) return { documents: [], unpaired: [] }
  const documents: CorpusDocument[] = []
  const unpaired: string[] = []
  for (const file of readdirSync(folder).sort()) {
    const extension = extname(file)
    if (!extensions.includes(extension.toLowerCase()) || !statSync(join(folder, file)).isFile()) continue
    const name = file.slice(0, -extension.length)
    const expectedPath = join(folder, `${name}.md`)
    if (!existsSync(expectedPath)) {
      unpaired.push(file)
      continue
    }
    const path = join(folder, file)
    documents.push({
      format,
      name,
      file,
      path,
      bytes: readFileSync(path),
      mime,
      expected: readFileSync(expectedPath, 'utf8'),
    })
  }
  return { documents, unpaired }
}
