import sharp, { type Metadata, type SharpOptions } from 'sharp'
import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { isDisplayableImage } from '../../formats.js'
import { appendPictureWithText } from '../../ocr/layout.js'
import { OcrSession } from '../../ocr/session.js'
import { documentRoot } from '../../tree/build.js'
import type { Document } from '../../tree/model.js'
import type { Reader } from '../reader.js'
import type { BlockCounts } from '../pdf/blocks.js'
import { exifDescription } from './exif.js'

/**
 * A picture of a page — a photo, a screenshot, a scan (PNG, JPEG, TIFF and each page of a
 * multi-page TIFF, WebP): each page kept as an asset with its text below it, read by OCR
 * (tesseract.js, language data from npm; see docs/formats/image.md), and the EXIF description as
 * the picture's caption. Pixels are counted from the header before anything is decoded.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readImage(bytes, context) }),
}

const formats: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
}

// The conversion process decodes one picture at a time: libvips' cache and threads only add memory.
sharp.cache(false)
sharp.concurrency(1)

async function readImage(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const { limits, report, signal } = context
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // sharp refuses to decode past this itself; the bound below decides first, from the header.
  const guard = { limitInputPixels: Math.max(limits.imagePixels, limits.ocrPagePixels) }
  let meta: Metadata
  try {
    // The header only: nothing is decoded, so no pixel limit applies yet (the bounds below decide).
    meta = await sharp(input, { limitInputPixels: false }).metadata()
  } catch (error) {
    throw new ConversionInputError(`the picture could not be read (${(error as Error).message}); it may be damaged`)
  }
  const type = meta.format === undefined ? undefined : formats[meta.format]
  if (type === undefined) throw new ConversionInputError(`pictures in ${meta.format ?? 'this'} format are not read`)
  // A WebP's further pages are an animation's frames, not pages.
  const total = meta.format === 'tiff' ? Math.max(1, meta.pages ?? 1) : 1
  const last = Math.min(total, limits.ocrMaxPages)
  report.set('pages', total)
  if (total > last)
    report.notKept(
      'pages-not-converted',
      (n) => `${plural(n, 'page')} past the limit of ${limits.ocrMaxPages} pages not converted`,
      total - last,
    )
  const first = (meta.autoOrient?.width ?? meta.width ?? 0) * (meta.autoOrient?.height ?? meta.height ?? 0)
  if (total === 1 && first > limits.imagePixels)
    throw new ConversionInputError(
      `the picture is ${meta.width} × ${meta.height} pixels, more than the ${Math.round(limits.imagePixels / 1_000_000)} million a conversion decodes`,
    )
  const caption = exifDescription(meta.exif)
  const ocr = new OcrSession(context)
  const root = documentRoot()
  const counts: BlockCounts = { paragraphs: 0 }
  try {
    for (let index = 0; index < last; index++) {
      signal?.throwIfAborted()
      const page = index === 0 ? meta : await pageMeta(input, index, guard)
      const width = page?.autoOrient?.width ?? page?.width ?? 0
      const height = page?.autoOrient?.height ?? page?.height ?? 0
      if (page === undefined || width <= 0 || height <= 0) {
        report.notKept('page-unreadable', (n) => `${plural(n, 'page')} could not be read`)
        continue
      }
      const pixels = width * height
      const decodable = pixels <= limits.imagePixels
      const picture = await keepPicture(input, index, total, type, decodable, guard, context)
      const text = await ocr.read(
        () =>
          sharp(input, { ...guard, page: index })
            .autoOrient()
            .greyscale()
            .png({ compressionLevel: 1 })
            .toBuffer(),
        decodable ? pixels : Number.POSITIVE_INFINITY,
        // A screenshot or a photo says 72 dpi or nothing; a scanner writes what it scanned at.
        page.density !== undefined && page.density >= 100 ? page.density : 150,
      )
      const alt = caption ?? (total > 1 ? `page ${index + 1}` : '')
      appendPictureWithText(
        root,
        picture === undefined ? undefined : { url: picture, alt },
        typeof text === 'string' ? undefined : text,
        { width, height },
        counts,
        index === 0 ? caption : undefined,
      )
      context.progress(10 + Math.round((80 * (index + 1)) / last))
    }
  } finally {
    await ocr.close()
  }
  report.found('paragraphs', counts.paragraphs)
  return root
}

async function pageMeta(input: Buffer, page: number, guard: SharpOptions): Promise<Metadata | undefined> {
  try {
    return await sharp(input, { ...guard, limitInputPixels: false, page }).metadata()
  } catch {
    return undefined
  }
}

/**
 * The page as an asset: the file itself when it is one picture a browser shows (its own bytes,
 * nothing re-encoded), else the page as a PNG. Either way only within the pixel bound: a picture
 * no conversion may decode is no picture to hand a browser either. Returns the URL, or
 * undefined when it could not be kept (reported).
 */
async function keepPicture(
  input: Buffer,
  index: number,
  total: number,
  type: string,
  decodable: boolean,
  guard: SharpOptions,
  context: ConversionContext,
): Promise<string | undefined> {
  const { assets, report } = context
  let bytes: Uint8Array
  let contentType = type
  if (!decodable) {
    report.notKept(
      'image-over-pixel-bound',
      (n) => `${plural(n, 'page')} past the bound on decoded pixels not kept as pictures`,
    )
    return undefined
  } else if (total === 1 && isDisplayableImage(type)) bytes = input
  else {
    try {
      bytes = await sharp(input, { ...guard, page: index })
        .autoOrient()
        .png()
        .toBuffer()
      contentType = 'image/png'
    } catch {
      report.notKept('image-unreadable', (n) => `${plural(n, 'page')} could not be decoded`)
      return undefined
    }
  }
  const asset = assets.add(bytes, contentType)
  if (asset === undefined) {
    report.notKept(
      'image-over-limit',
      (n) => `${plural(n, 'picture')} over the conversion's limit for pictures not kept`,
    )
    return undefined
  }
  return assets.url(asset.name)
}
