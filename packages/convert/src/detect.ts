import { extname } from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
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
const binaryExtensions: Record<string, DocumentFormat> = {
  '.docx': 'docx',
  '.pdf': 'pdf',
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.webp': 'webp',
}
/** Pictures of pages (OCR), by file-type's name for them. */
const pictureFormats: Record<string, DocumentFormat> = { png: 'png', jpg: 'jpeg', tif: 'tiff', webp: 'webp' }
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
 * name, text is HTML when it starts like a page and plain text otherwise.
 */
export async function detect(bytes: Uint8Array, name?: string, declaredMime?: string): Promise<Detection> {
  const called = name ?? 'the document'
  const ext = name === undefined ? '' : extname(name).toLowerCase()
  const sniffed = await fileTypeFromBuffer(bytes)
  if (sniffed !== undefined) {
    if (sniffed.ext === 'docx' || sniffed.ext === 'pdf')
      return { ok: true, format: sniffed.ext, mime: documentTypes[sniffed.ext] }
    const picture = pictureFormats[sniffed.ext]
    if (picture !== undefined) {
      const promised = binaryExtensions[ext] ?? textExtensions[ext]
      // A picture named as another kind of picture (a PNG saved as .jpg) is still that picture.
      if (promised !== undefined && !Object.values(pictureFormats).includes(promised))
        return {
          ok: false,
          reason: `${called} is named ${ext} but its content is a ${sniffed.ext.toUpperCase()} picture`,
        }
      return { ok: true, format: picture, mime: documentTypes[picture] }
    }
    return {
      ok: false,
      reason: `${called} is a ${sniffed.ext.toUpperCase()} file (${sniffed.mime}); supported: DOCX, PDF, HTML, Markdown, plain text, PNG, JPEG, TIFF, WebP`,
    }
  }
  if (!isText(bytes)) {
    return {
      ok: false,
      reason: `${called} is binary data of an unknown type; supported: DOCX, PDF, HTML, Markdown, plain text, PNG, JPEG, TIFF, WebP`,
    }
  }
  const promised = binaryExtensions[ext]
  if (promised !== undefined)
    return { ok: false, reason: `${called} is named ${ext} but its content is text, not ${promised.toUpperCase()}` }
  const byName = textExtensions[ext]
  if (ext !== '' && byName === undefined) {
    return {
      ok: false,
      reason: `${called}: ${ext} files are not supported; supported: .docx, .pdf, .html, .md, .txt, .png, .jpg, .tif, .webp`,
    }
  }
  const format =
    byName ??
    textMimes[(declaredMime ?? '').split(';')[0]?.trim().toLowerCase() ?? ''] ??
    (/^\s*(<!doctype html|<html[\s>])/i.test(new TextDecoder().decode(bytes.subarray(0, 512))) ? 'html' : 'text')
  return { ok: true, format, mime: documentTypes[format] }
}
