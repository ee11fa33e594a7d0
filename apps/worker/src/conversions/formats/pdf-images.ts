import type { AssetCollector } from '../asset-collector.js'
import type { PdfImageData, PlacedImage } from './pdf-graphics.js'
import { encodePng } from './pdf-png.js'
import type { PdfPage } from './pdf-runtime.js'
import type { SourcePicture } from './pdf-source-pictures.js'

/** The picture object pdf.js named `ref`, in the form the file holds it, when it can be kept so. */
export type SourceLookup = (ref: string, width: number, height: number) => SourcePicture | undefined

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

/**
 * A picture painted on the page as an asset: in the form the file holds it where a browser can
 * show that (a JPEG stays its bytes, see pdf-source-pictures.ts), else as a PNG of the pixels
 * pdf.js decoded. Marks too small to be figures are left out.
 */
export async function keepImage(
  page: PdfPage,
  image: PlacedImage,
  assets: AssetCollector,
  source: SourceLookup = () => undefined,
): Promise<ImageOutcome> {
  if (image.width < smallest || image.height < smallest) return { kind: 'small' }
  const pixels = await pixelsOf(page, image)
  const { width, height, kind, data, ref } = pixels ?? { width: 0, height: 0 }
  if (!data || width <= 0 || height <= 0) return { kind: 'unreadable' }
  const original = typeof ref === 'string' ? source(ref, width, height) : undefined
  if (original) {
    const asset = assets.add(original.bytes, original.contentType)
    return asset ? { kind: 'kept', name: asset.name } : { kind: 'over-limit' }
  }
  let png: Uint8Array
  if (kind === 1 && data.length >= Math.ceil(width / 8) * height)
    png = encodePng(width, height, 1, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { bitDepth: 1 })
  else if (kind === 2 && data.length >= width * height * 3)
    png = encodePng(width, height, 3, new Uint8Array(data.buffer, data.byteOffset, width * height * 3))
  else if (kind === 3 && data.length >= width * height * 4)
    png = encodePng(width, height, 4, new Uint8Array(data.buffer, data.byteOffset, width * height * 4))
  else return { kind: 'unreadable' }
  const asset = assets.add(png, 'image/png')
  return asset ? { kind: 'kept', name: asset.name } : { kind: 'over-limit' }
}
