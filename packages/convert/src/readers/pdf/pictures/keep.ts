import type { AssetCollector } from '../../../context/assets.js'
import type { PdfImageData, PlacedImage } from '../graphics.js'
import { encodePng } from './png.js'
import type { PdfPage } from '../pdfjs.js'
import type { SourcePicture } from './source.js'

/** The picture object pdf.js named `ref`, in the form the file holds it, when it can be kept so. */
export type SourceLookup = (ref: string, width: number, height: number) => Promise<SourcePicture | undefined>

/** Pictures smaller than this on the page (points) are rules, bullets or spacers, not figures. */
const smallest = 24

export type ImageOutcome =
  { kind: 'kept'; name: string } | { kind: 'small' } | { kind: 'unreadable' } | { kind: 'over-limit' }

/** How long a picture pdf.js is still sending may take to arrive (ms). */
const arrival = 2000

/** The picture's pixels; small pictures may arrive after the operator list, so this waits for them a little. */
function pixelsOf(page: PdfPage, image: PlacedImage): Promise<PdfImageData | undefined> {
  if (image.inline) return Promise.resolve(image.inline)
  const id = image.objectId
  if (id === undefined) return Promise.resolve(undefined)
  const objects = (id.startsWith('g_') ? page.commonObjs : page.objs) as unknown as {
    get: (id: string, callback?: (data: unknown) => void) => unknown
    has: (id: string) => boolean
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), arrival)
    const done = (data: unknown) => {
      clearTimeout(timer)
      resolve(data as PdfImageData | undefined)
    }
    try {
      if (objects.has(id)) done(objects.get(id))
      else objects.get(id, done)
    } catch {
      done(undefined)
    }
  })
}

/** A picture's bytes in a form a browser shows, and its size in pixels. */
export interface PictureFile {
  bytes: Uint8Array
  contentType: string
  width: number
  height: number
}

/**
 * A picture painted on the page as a file: in the form the file holds it where a browser can
 * show that (a JPEG stays its bytes, see pictures/source.ts), else as a PNG of the pixels pdf.js
 * decoded. Marks too small to be figures are left out.
 */
export async function pictureFile(
  page: PdfPage,
  image: PlacedImage,
  source: SourceLookup = async () => undefined,
): Promise<PictureFile | { kind: 'small' } | { kind: 'unreadable' }> {
  if (image.width < smallest || image.height < smallest) return { kind: 'small' }
  const pixels = await pixelsOf(page, image)
  const { width, height, kind, data, ref } = pixels ?? { width: 0, height: 0 }
  if (!data || width <= 0 || height <= 0) return { kind: 'unreadable' }
  const original = typeof ref === 'string' ? await source(ref, width, height) : undefined
  if (original) return { bytes: original.bytes, contentType: original.contentType, width, height }
  let png: Uint8Array
  if (kind === 1 && data.length >= Math.ceil(width / 8) * height)
    png = encodePng(width, height, 1, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { bitDepth: 1 })
  else if (kind === 2 && data.length >= width * height * 3)
    png = encodePng(width, height, 3, new Uint8Array(data.buffer, data.byteOffset, width * height * 3))
  else if (kind === 3 && data.length >= width * height * 4)
    png = encodePng(width, height, 4, new Uint8Array(data.buffer, data.byteOffset, width * height * 4))
  else return { kind: 'unreadable' }
  return { bytes: png, contentType: 'image/png', width, height }
}

/** A picture painted on the page as an asset (see {@link pictureFile}). */
export async function keepImage(
  page: PdfPage,
  image: PlacedImage,
  assets: AssetCollector,
  source: SourceLookup = async () => undefined,
): Promise<ImageOutcome> {
  const file = await pictureFile(page, image, source)
  return keepFile(file, assets)
}

/** Keeps a picture's file as an asset. */
export function keepFile(
  file: PictureFile | { kind: 'small' } | { kind: 'unreadable' },
  assets: AssetCollector,
): ImageOutcome {
  if ('kind' in file) return file
  const asset = assets.add(file.bytes, file.contentType)
  return asset ? { kind: 'kept', name: asset.name } : { kind: 'over-limit' }
}
