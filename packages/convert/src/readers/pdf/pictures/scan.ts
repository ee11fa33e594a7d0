import { inflateSync } from 'node:zlib'
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFObjectParser,
  PDFRawStream,
  PDFRef,
  type PDFObject,
} from '@cantoo/pdf-lib'
import { MissingObject, type PdfObjects } from './objects.js'

/**
 * The file's pictures, found by one linear pass over its bytes — the cheap first look that lets
 * most PDFs skip the page-by-page census (census.ts), which parses the whole document a second
 * time. Stream objects cannot live in object streams, so every picture object (`/Subtype
 * /Image`) is a top-level object whose dictionary, with its `/Width` and `/Height`, is in the
 * file as written: each top-level object is parsed where it stands (pdf-lib's object parser, no
 * cross-reference table, no object streams), and the scan moves on past its stream. Inline
 * pictures (`BI … ID`) live inside content streams: every stream that may be content is
 * inflated (zlib) and searched.
 *
 * The sum errs high — every picture in the file, masks included, whether any page paints it or
 * not — so when it is within the bounds no page can be over them. When anything cannot be
 * counted (a size that is not a number, a content stream that does not inflate, the scanning
 * budget spent), the scan says so and the census decides.
 */
export interface PictureScan {
  /** Pixels of every picture object and every inline picture the file holds. */
  pixels: number
  /** Everything could be counted: `pixels` is an upper bound on what any page decodes. */
  complete: boolean
  /** The file's top-level objects, for reading a picture as the file holds it (source.ts). */
  objects: PdfObjects
}

/** Inflated content scanned per document, past which the scan gives up (as the census does). */
const SCAN_BUDGET_BYTES = 64 * 1024 * 1024

/** `12 0 obj`, comments allowed between the parts. */
const objectHeader = /(\d{1,10})(?:\s|%[^\r\n]*)+(\d{1,5})(?:\s|%[^\r\n]*)+obj\b/g
/** `BI <dictionary> ID`: the dictionary of an inline picture. */
const inlinePicture = /(?:^|[\s\]>)])BI(?=[\s/])([\s\S]{0,4096}?)\sID\s/g

const name = (key: string) => PDFName.of(key)
/** Streams that are never content: fonts, cross-reference and object streams, metadata, files. */
const notContentTypes = new Set(['XRef', 'ObjStm', 'Metadata', 'EmbeddedFile'])
const fontPrograms = new Set(['Type1C', 'CIDFontType0C', 'OpenType'])

export function scanPictures(bytes: Uint8Array): PictureScan {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  const context = PDFContext.create()
  const byRef = new Map<string, PDFObject>()
  let pixels = 0
  let complete = true
  let inflated = 0
  objectHeader.lastIndex = 0
  for (let match = objectHeader.exec(text); match !== null; match = objectHeader.exec(text)) {
    const start = match.index + match[0].length
    let object: PDFObject
    try {
      const parser = PDFObjectParser.forBytes(bytes.subarray(start), context)
      object = parser.parseObject()
      // Past the object (and its stream's bytes): nothing inside a stream is read as a header.
      objectHeader.lastIndex = start + (parser as unknown as { bytes: { offset(): number } }).bytes.offset()
    } catch {
      continue
    }
    // A later definition of the same object (an incremental update) is the one readers use.
    byRef.set(`${match[1]}R${match[2] === '0' ? '' : match[2]}`, object)
    if (!(object instanceof PDFRawStream)) continue
    const dict = object.dict
    const subtype = dict.get(name('Subtype'))
    if (subtype === name('Image')) {
      const width = dict.get(name('Width')) ?? dict.get(name('W'))
      const height = dict.get(name('Height')) ?? dict.get(name('H'))
      if (width instanceof PDFNumber && height instanceof PDFNumber) pixels += width.asNumber() * height.asNumber()
      else complete = false
      continue
    }
    if (!mayBeContent(dict)) continue
    const content = inflate(object, SCAN_BUDGET_BYTES - inflated)
    if (content === undefined) {
      complete = false
      continue
    }
    inflated += content.length
    for (const inline of content.toString('latin1').matchAll(inlinePicture)) {
      const dictionary = inline[1] ?? ''
      const w = Number(/\/(?:W|Width)\s+(\d+)/.exec(dictionary)?.[1] ?? NaN)
      const h = Number(/\/(?:H|Height)\s+(\d+)/.exec(dictionary)?.[1] ?? NaN)
      if (Number.isFinite(w) && Number.isFinite(h)) pixels += w * h
      else complete = false
    }
  }
  return { pixels, complete, objects: scannedObjects(byRef) }
}

function mayBeContent(dict: PDFDict): boolean {
  const type = dict.get(name('Type'))
  if (type instanceof PDFName && notContentTypes.has(type.asString().slice(1))) return false
  const subtype = dict.get(name('Subtype'))
  if (subtype instanceof PDFName && fontPrograms.has(subtype.asString().slice(1))) return false
  // Embedded TrueType and Type 1 programs say their lengths part by part.
  return dict.get(name('Length1')) === undefined
}

/** A stream's data inflated, if it is plain or Flate alone, within `room` bytes; `undefined` otherwise. */
function inflate(stream: PDFRawStream, room: number): Buffer | undefined {
  const filter = stream.dict.get(name('Filter'))
  const filters = filter instanceof PDFArray ? filter.asArray() : filter === undefined ? [] : [filter]
  const data = stream.contents
  if (filters.length === 0) return data.length > room ? undefined : Buffer.from(data)
  if (filters.length !== 1 || filters[0] !== name('FlateDecode') || stream.dict.get(name('DecodeParms')) !== undefined)
    return undefined
  try {
    // maxOutputLength: a content stream can inflate a thousandfold; past the budget it is not read.
    return inflateSync(data, { maxOutputLength: Math.max(1, room) })
  } catch {
    return undefined
  }
}

/**
 * The scanned objects as {@link PdfObjects}. References resolve to top-level objects only: one
 * that lives in an object stream throws {@link MissingObject}, and the caller asks the whole
 * document (census.ts) instead.
 */
function scannedObjects(byRef: Map<string, PDFObject>): PdfObjects {
  return {
    resolve: (object) => {
      if (!(object instanceof PDFRef)) return object
      const found = byRef.get(`${object.objectNumber}R${object.generationNumber === 0 ? '' : object.generationNumber}`)
      if (found === undefined) throw new MissingObject()
      return found
    },
  }
}
