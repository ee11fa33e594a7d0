import { extname } from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { textFormatOf } from './detect-text.js'
import { documentTypes, type DocumentFormat } from './formats.js'

export type Detection = { ok: true; format: DocumentFormat; mime: string } | { ok: false; reason: string }

const textExtensions: Record<string, DocumentFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
}
const binaryExtensions: Record<string, DocumentFormat> = { '.docx': 'docx', '.pdf': 'pdf' }
const textMimes: Record<string, DocumentFormat> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'text/plain': 'text',
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false
  try {
    utf8.decode(bytes)
    return true
  } catch {
    return false
  }
}

/**
 * What a document is, decided by its content: DOCX and PDF by their signatures, the text formats
 * by being valid UTF-8 without NUL bytes, then told apart by name, declared type or markup. A
 * name that promises one format over content of another is refused, never trusted; without a
 * name, text is HTML when it starts like a page, Markdown when it uses syntax only Markdown
 * writes, and plain text otherwise (detect-text.ts).
 */
export async function detect(bytes: Uint8Array, name?: string, declaredMime?: string): Promise<Detection> {
  const called = name ?? 'the document'
  const ext = name === undefined ? '' : extname(name).toLowerCase()
  const sniffed = await fileTypeFromBuffer(bytes)
  if (sniffed !== undefined) {
    if (sniffed.ext === 'docx' || sniffed.ext === 'pdf')
      return { ok: true, format: sniffed.ext, mime: documentTypes[sniffed.ext] }
    return {
      ok: false,
      reason: `${called} is a ${sniffed.ext.toUpperCase()} file (${sniffed.mime}); supported: DOCX, PDF, HTML, Markdown, plain text`,
    }
  }
  if (!isText(bytes)) {
    return {
      ok: false,
      reason: `${called} is binary data of an unknown type; supported: DOCX, PDF, HTML, Markdown, plain text`,
    }
  }
  const promised = binaryExtensions[ext]
  if (promised !== undefined)
    return { ok: false, reason: `${called} is named ${ext} but its content is text, not ${promised.toUpperCase()}` }
  const byName = textExtensions[ext]
  if (ext !== '' && byName === undefined) {
    return {
      ok: false,
      reason: `${called}: ${ext} files are not supported; supported: .docx, .pdf, .html, .md, .txt`,
    }
  }
  const format =
    byName ??
    textMimes[(declaredMime ?? '').split(';')[0]?.trim().toLowerCase() ?? ''] ??
    textFormatOf(new TextDecoder().decode(bytes.subarray(0, 64 * 1024)))
  return { ok: true, format, mime: documentTypes[format] }
}
