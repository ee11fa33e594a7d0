import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from '@cantoo/pdf-lib'
import { pngContainer } from './pdf-png.js'
import type { PictureCensus } from './pdf-picture-census.js'

/**
 * A PDF picture kept in the form the file already holds it (issue 17, finding 2), so what is
 * stored stays near the size of what was uploaded: a JPEG (`DCTDecode`) is its own bytes, and a
 * Flate stream with PNG predictors is already a PNG's compressed data — only the PNG's header
 * is written around it. Anything that changes the pixels on the way (a soft mask, a `Decode`
 * array, CMYK, an indexed palette, other filters) is left to pdf.js' decoded pixels.
 */
export interface SourcePicture {
  bytes: Uint8Array
  contentType: 'image/jpeg' | 'image/png'
}

const name = (key: string) => PDFName.of(key)

/** Colour components of a device, calibrated or ICC colour space that a browser shows as is; 0 otherwise. */
function components(census: PictureCensus, space: PDFObject | undefined): number {
  const resolved = census.resolve(space)
  if (resolved === name('DeviceGray') || resolved === name('CalGray')) return 1
  if (resolved === name('DeviceRGB') || resolved === name('CalRGB')) return 3
  if (!(resolved instanceof PDFArray)) return 0
  const family = census.resolve(resolved.get(0))
  if (family === name('CalGray')) return 1
  if (family === name('CalRGB')) return 3
  if (family !== name('ICCBased')) return 0
  const n = census.number(census.dict(resolved.get(1)), 'N')
  return n === 1 || n === 3 ? n : 0
}

/** Width, height and components from a JPEG's frame header, or `undefined`. */
function jpegFrame(bytes: Uint8Array): { width: number; height: number; components: number } | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined
  let at = 2
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined
    const marker = bytes[at + 1] ?? 0
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)
    // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return {
        height: ((bytes[at + 5] ?? 0) << 8) | (bytes[at + 6] ?? 0),
        width: ((bytes[at + 7] ?? 0) << 8) | (bytes[at + 8] ?? 0),
        components: bytes[at + 9] ?? 0,
      }
    }
    at += 2 + length
  }
  return undefined
}

/** The picture object pdf.js called `ref` (`12R`), as the file holds it, when it can be kept so. */
export function sourcePicture(
  census: PictureCensus,
  ref: string,
  width: number,
  height: number,
): SourcePicture | undefined {
  const match = /^(\d+)R(\d*)$/.exec(ref)
  if (!match) return undefined
  const stream = census.resolve(PDFRef.of(Number(match[1]), Number(match[2] || 0)))
  if (!(stream instanceof PDFRawStream) || stream.transform !== undefined) return undefined
  const { dict } = stream
  const number = (key: string) => census.number(dict, key)
  if (number('Width') !== width || number('Height') !== height) return undefined
  for (const key of ['SMask', 'Mask', 'Decode', 'ImageMask', 'SMaskInData'])
    if (dict.get(name(key)) !== undefined) return undefined
  const filters = census.array(dict.get(name('Filter')))
  if (filters.length !== 1) return undefined
  const filter = census.resolve(filters[0])
  const colors = components(census, dict.get(name('ColorSpace')))
  if (colors === 0) return undefined
  const bits = number('BitsPerComponent')
  const bytes = stream.contents

  if (filter === name('DCTDecode')) {
    const frame = jpegFrame(bytes)
    if (!frame || frame.width !== width || frame.height !== height || frame.components !== colors || bits !== 8)
      return undefined
    return { bytes, contentType: 'image/jpeg' }
  }
  if (filter !== name('FlateDecode')) return undefined
  const params = census.array(dict.get(name('DecodeParms')))[0]
  const parms = census.dict(params instanceof PDFDict || params instanceof PDFRef ? params : undefined)
  const parm = (key: string, fallback: number) => {
    const value = census.resolve(parms?.get(name(key)))
    return value instanceof PDFNumber ? value.asNumber() : fallback
  }
  // PNG predictors (10–15) put a filter type before each row, as PNG does.
  if (parm('Predictor', 1) < 10 || parm('Colors', 1) !== colors || parm('Columns', 1) !== width) return undefined
  if (parm('BitsPerComponent', 8) !== bits) return undefined
  const bitsAllowed = colors === 1 ? [1, 2, 4, 8, 16] : [8, 16]
  if (!bitsAllowed.includes(bits)) return undefined
  // A zlib stream (what PNG's IDAT holds): deflate, and a header whose check bits hold.
  if (((bytes[0] ?? 0) & 0x0f) !== 8 || (((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)) % 31 !== 0) return undefined
  return { bytes: pngContainer(width, height, bits, colors === 1 ? 0 : 2, bytes), contentType: 'image/png' }
}
