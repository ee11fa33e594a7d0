import { extname } from 'node:path'
import { documentTypes, type DocumentKind } from '@draftsmith/jobs'
import { fileTypeFromBuffer } from 'file-type'

export type Detection = { ok: true; kind: DocumentKind; mime: string } | { ok: false; reason: string }

const textExtensions: Record<string, DocumentKind> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
}
const binaryExtensions: Record<string, DocumentKind> = { '.docx': 'docx', '.pdf': 'pdf' }
const textMimes: Record<string, DocumentKind> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'text/plain': 'text',
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function isText(bytes: Buffer): boolean {
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
 * name that promises one format over content of another is refused, never trusted.
 */
export async function detectDocument(
  bytes: Buffer,
  filename: string,
  declaredMime: string | undefined,
): Promise<Detection> {
  const ext = extname(filename).toLowerCase()
  const sniffed = await fileTypeFromBuffer(bytes)
  if (sniffed !== undefined) {
    if (sniffed.ext === 'docx' || sniffed.ext === 'pdf')
      return { ok: true, kind: sniffed.ext, mime: documentTypes[sniffed.ext] }
    return {
      ok: false,
      reason: `${filename} is a ${sniffed.ext.toUpperCase()} file (${sniffed.mime}); supported: DOCX, PDF, HTML, Markdown, plain text`,
    }
  }
  if (!isText(bytes)) {
    return {
      ok: false,
      reason: `${filename} is binary data of an unknown type; supported: DOCX, PDF, HTML, Markdown, plain text`,
    }
  }
  const promised = binaryExtensions[ext]
  if (promised !== undefined)
    return { ok: false, reason: `${filename} is named ${ext} but its content is text, not ${promised.toUpperCase()}` }
  const byName = textExtensions[ext]
  if (ext !== '' && byName === undefined) {
    return {
      ok: false,
      reason: `${filename}: ${ext} files are not supported; supported: .docx, .pdf, .html, .md, .txt`,
    }
  }
  const kind =
    byName ??
    textMimes[(declaredMime ?? '').split(';')[0]?.trim().toLowerCase() ?? ''] ??
    (/^\s*(<!doctype html|<html[\s>])/i.test(bytes.subarray(0, 512).toString('utf8')) ? 'html' : 'text')
  return { ok: true, kind, mime: documentTypes[kind] }
}
