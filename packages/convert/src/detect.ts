import { extname } from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { compoundKind } from './detect-cfb.js'
import { textFormatOf } from './detect-text.js'
import { documentTypes, formatNames, isDocumentFormat, supportedFormats, type DocumentFormat } from './formats.js'

export type Detection = { ok: true; format: DocumentFormat; mime: string } | { ok: false; reason: string }

const textFormats = new Set<DocumentFormat>(['markdown', 'html', 'text'])
const byExtension = new Map<string, DocumentFormat>(
  Object.entries(formatNames).flatMap(([format, names]) =>
    names.extensions.map((ext) => [ext, format as DocumentFormat] as const),
  ),
)
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

const found = (format: DocumentFormat): Detection => ({ ok: true, format, mime: documentTypes[format] })

/**
 * What a document is, decided by its content: the binary formats by their signatures (zip-based
 * ones — DOCX, ODT, EPUB — by their members, as file-type reads them; RTF by `{\rtf`; DOC among
 * the compound files by its streams, detect-cfb.ts), the text formats by being valid UTF-8
 * without NUL bytes, then told apart by name, declared type or markup. A name that promises one
 * format over content of another is refused, never trusted; without a name, text is HTML when it
 * starts like a page, Markdown when it uses syntax only Markdown writes, and plain text
 * otherwise (detect-text.ts).
 */
export async function detect(bytes: Uint8Array, name?: string, declaredMime?: string): Promise<Detection> {
  const called = name ?? 'the document'
  const ext = name === undefined ? '' : extname(name).toLowerCase()
  const sniffed = await fileTypeFromBuffer(bytes)
  if (sniffed !== undefined) {
    if (isDocumentFormat(sniffed.ext) && !textFormats.has(sniffed.ext)) return found(sniffed.ext)
    if (sniffed.ext === 'cfb') {
      const kind = compoundKind(bytes)
      if (isDocumentFormat(kind)) return found(kind)
      if (kind === 'encrypted')
        return { ok: false, reason: `${called} is protected by a password; save it without one and re-upload` }
      return {
        ok: false,
        reason: `${called} is a ${kind === 'unknown' ? 'compound (OLE2)' : kind.toUpperCase()} file; supported: ${supportedFormats()}`,
      }
    }
    return {
      ok: false,
      reason: `${called} is a ${sniffed.ext.toUpperCase()} file (${sniffed.mime}); supported: ${supportedFormats()}`,
    }
  }
  if (!isText(bytes)) {
    return {
      ok: false,
      reason: `${called} is binary data of an unknown type; supported: ${supportedFormats()}`,
    }
  }
  const byName = byExtension.get(ext)
  if (byName !== undefined && !textFormats.has(byName))
    return {
      ok: false,
      reason: `${called} is named ${ext} but its content is text, not ${formatNames[byName].label}`,
    }
  if (ext !== '' && byName === undefined) {
    return {
      ok: false,
      reason: `${called}: ${ext} files are not supported; supported: ${supportedFormats()}`,
    }
  }
  const format =
    byName ??
    textMimes[(declaredMime ?? '').split(';')[0]?.trim().toLowerCase() ?? ''] ??
    textFormatOf(new TextDecoder().decode(bytes.subarray(0, 64 * 1024)))
  return found(format)
}
