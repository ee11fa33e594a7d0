import { extname } from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { cfbEntryNames } from './detect-cfb.js'
import { looksDelimited, textEncodingOf } from './detect-text.js'
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
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
}
const binaryExtensions: Record<string, DocumentFormat> = {
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsm',
  '.xls': 'xls',
}
/** What file-type names these formats (it reads the zip's members for OOXML). */
const sniffedFormats: Record<string, DocumentFormat> = {
  docx: 'docx',
  pdf: 'pdf',
  xlsx: 'xlsx',
  xlsm: 'xlsm',
}
/** Every format, for people: the end of each refusal. */
const SUPPORTED = 'DOCX, XLSX/XLSM, XLS, CSV/TSV, PDF, HTML, Markdown, plain text'
const SUPPORTED_EXTENSIONS = '.docx, .xlsx, .xlsm, .xls, .csv, .tsv, .pdf, .html, .md, .txt'
const textMimes: Record<string, DocumentFormat> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'text/plain': 'text',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
}

/** A compound file (OLE2) by the streams it holds. */
function cfbFormat(bytes: Uint8Array): DocumentFormat | undefined {
  const names = cfbEntryNames(bytes)
  if (names.has('Workbook') || names.has('Book')) return 'xls'
  return undefined
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
 * What a document is, decided by its content: PDF by its signature, OOXML (DOCX, XLSX, XLSM)
 * by its zip members, XLS by its compound file's streams, the text formats by being valid UTF-8
 * without NUL bytes (CSV/TSV named or declared so: any encoding detect-text.ts recognises), then
 * told apart by name, declared type, markup or a consistent delimiter. A
 * name that promises one format over content of another is refused, never trusted; without a
 * name, text is HTML when it starts like a page and plain text otherwise.
 */
export async function detect(bytes: Uint8Array, name?: string, declaredMime?: string): Promise<Detection> {
  const called = name ?? 'the document'
  const ext = name === undefined ? '' : extname(name).toLowerCase()
  const sniffed = await fileTypeFromBuffer(bytes)
  if (sniffed !== undefined) {
    const format = sniffedFormats[sniffed.ext] ?? (sniffed.ext === 'cfb' ? cfbFormat(bytes) : undefined)
    if (format !== undefined) return { ok: true, format, mime: documentTypes[format] }
    return {
      ok: false,
      reason: `${called} is a ${sniffed.ext.toUpperCase()} file (${sniffed.mime}); supported: ${SUPPORTED}`,
    }
  }
  const declared = textMimes[(declaredMime ?? '').split(';')[0]?.trim().toLowerCase() ?? '']
  const delimited = textExtensions[ext] ?? declared
  // Spreadsheets export CSV in the machine's code page (Windows-1252, Shift-JIS) or UTF-16: by name or declared type.
  if ((delimited === 'csv' || delimited === 'tsv') && textEncodingOf(bytes) !== undefined)
    return { ok: true, format: delimited, mime: documentTypes[delimited] }
  if (!isText(bytes)) {
    return {
      ok: false,
      reason: `${called} is binary data of an unknown type; supported: ${SUPPORTED}`,
    }
  }
  const promised = binaryExtensions[ext]
  if (promised !== undefined)
    return { ok: false, reason: `${called} is named ${ext} but its content is text, not ${promised.toUpperCase()}` }
  const byName = textExtensions[ext]
  if (ext !== '' && byName === undefined) {
    return {
      ok: false,
      reason: `${called}: ${ext} files are not supported; supported: ${SUPPORTED_EXTENSIONS}`,
    }
  }
  const start = new TextDecoder().decode(bytes.subarray(0, 512))
  const format =
    byName ?? declared ?? (/^\s*(<!doctype html|<html[\s>])/i.test(start) ? 'html' : (looksDelimited(bytes) ?? 'text'))
  return { ok: true, format, mime: documentTypes[format] }
}
