import { extname } from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { compoundKind } from './detect-cfb.js'
import { looksLikeMail } from './detect-mail.js'
import { structuredFormatOf, type StructuredFormat } from './detect-structured.js'
import { textEncodingOf, textFormatOf } from './detect-text.js'
import { documentTypes, formatNames, isDocumentFormat, supportedFormats, type DocumentFormat } from './formats.js'

export type Detection = { ok: true; format: DocumentFormat; mime: string } | { ok: false; reason: string }

const textFormats = new Set<DocumentFormat>(['markdown', 'html', 'text', 'csv', 'tsv'])
/** Delimited text spreadsheets save in the machine's code page (Windows-1252, Shift-JIS) or UTF-16. */
const delimitedFormats = new Set<DocumentFormat>(['csv', 'tsv'])
const byExtension = new Map<string, DocumentFormat>(
  Object.entries(formatNames).flatMap(([format, names]) =>
    names.extensions.map((ext) => [ext, format as DocumentFormat] as const),
  ),
)
/** Pictures of pages (read by OCR), by file-type's name for them. */
const pictureFormats: Record<string, DocumentFormat> = { png: 'png', jpg: 'jpeg', tif: 'tiff', webp: 'webp' }
const pictures = new Set(Object.values(pictureFormats))
const textMimes: Record<string, DocumentFormat> = {
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'text/plain': 'text',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
}

const structuredFormats = new Set<DocumentFormat>(['json', 'ipynb', 'xml', 'feed'])
/** The general format a name may promise for a specific content: a notebook named `.json`, a feed named `.xml`. */
const wider: Partial<Record<StructuredFormat, DocumentFormat>> = { ipynb: 'json', feed: 'xml' }

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
 * ones — DOCX, ODT, EPUB — by their members, as file-type reads them; RTF by `{\rtf`; DOC, XLS,
 * PPT and MSG among the compound files by their streams, detect-cfb.ts), the text formats by being valid UTF-8
 * without NUL bytes (CSV/TSV named or declared so: any text encoding, detect-text.ts), then told
 * apart by name, declared type or markup. A name that promises one
 * format over content of another is refused, never trusted; without a name, text is HTML when it
 * starts like a page, Markdown when it uses syntax only Markdown writes, and plain text
 * otherwise (detect-text.ts).
 */
export async function detect(bytes: Uint8Array, name?: string, declaredMime?: string): Promise<Detection> {
  const called = name ?? 'the document'
  const ext = name === undefined ? '' : extname(name).toLowerCase()
  const sniffed = await fileTypeFromBuffer(bytes)
  // file-type calls any XML `xml`: feeds, XHTML and other XML are told apart as text below.
  if (sniffed !== undefined && sniffed.ext !== 'xml') {
    const picture = pictureFormats[sniffed.ext]
    if (picture !== undefined) {
      // A picture named as another kind of picture (a PNG saved as .jpg) is still that picture.
      const promised = byExtension.get(ext)
      if (promised !== undefined && !pictures.has(promised))
        return {
          ok: false,
          reason: `${called} is named ${ext} but its content is ${article(sniffed.ext)} ${sniffed.ext.toUpperCase()} picture`,
        }
      return found(picture)
    }
    if (isDocumentFormat(sniffed.ext) && !textFormats.has(sniffed.ext)) return found(sniffed.ext)
    if (sniffed.ext === 'cfb') {
      const kind = compoundKind(bytes)
      if (isDocumentFormat(kind)) return found(kind)
      if (kind === 'encrypted')
        return { ok: false, reason: `${called} is protected by a password; save it without one and re-upload` }
      return { ok: false, reason: `${called} is a compound (OLE2) file; supported: ${supportedFormats()}` }
    }
    return {
      ok: false,
      reason: `${called} is ${article(sniffed.ext)} ${sniffed.ext.toUpperCase()} file (${sniffed.mime}); supported: ${supportedFormats()}`,
    }
  }
  // E-mail before text: its body may be in any charset (8-bit Latin-1 mail is not UTF-8).
  if (looksLikeMail(bytes) && (ext === '' || byExtension.get(ext) === 'eml')) return found('eml')
  const declared = textMimes[(declaredMime ?? '').split(';')[0]?.trim().toLowerCase() ?? '']
  const delimited = byExtension.get(ext) ?? declared
  if (delimited !== undefined && delimitedFormats.has(delimited) && textEncodingOf(bytes) !== undefined)
    return found(delimited)
  if (!isText(bytes)) {
    return {
      ok: false,
      reason: `${called} is binary data of an unknown type; supported: ${supportedFormats()}`,
    }
  }
  const byName = byExtension.get(ext)
  // JSON and XML by their content, under their own name or none: a notebook is JSON, a feed XML.
  if (byName === undefined ? ext === '' : structuredFormats.has(byName)) {
    const structured = structuredFormatOf(new TextDecoder().decode(bytes))
    if (structured !== undefined && (byName === undefined || byName === structured || byName === wider[structured]))
      return found(structured)
  }
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
  const format = byName ?? declared ?? textFormatOf(new TextDecoder().decode(bytes.subarray(0, 64 * 1024)))
  return found(format)
}

/** "an EXE", "a GIF": file types are read as words here, so a vowel takes "an". */
const article = (type: string): string => (/^[aeiou]/i.test(type) ? 'an' : 'a')
