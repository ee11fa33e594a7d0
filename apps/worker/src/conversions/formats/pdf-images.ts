import type { AssetCollector } from '../asset-collector.js'
import type { PdfImageData, PlacedImage } from './pdf-graphics.js'
import { encodePng } from './pdf-png.js'
import type { PdfPage } from './pdf-runtime.js'

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

/** 1-bit grey, packed eight pixels a byte and rows padded to a byte, as 8-bit grey. */
function expandBits(data: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height)
  const stride = Math.ceil(width / 8)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      out[y * width + x] = ((data[y * stride + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1 ? 255 : 0
  return out
}

/**
 * A picture painted on the page as a PNG asset. pdf.js hands over decoded pixels (JPEGs
 * included), so every picture becomes a PNG; marks too small to be figures are left out.
 */
export async function keepImage(page: PdfPage, image: PlacedImage, assets: AssetCollector): Promise<ImageOutcome> {
  if (image.width < smallest || image.height < smallest) return { kind: 'small' }
  const pixels = await pixelsOf(page, image)
  const { width, height, kind, data } = pixels ?? { width: 0, height: 0 }
  if (!data || width <= 0 || height <= 0) return { kind: 'unreadable' }
  let png: Uint8Array
  if (kind === 1) png = encodePng(width, height, 1, expandBits(data, width, height))
  else if (kind === 2 && data.length >= width * height * 3)
    png = encodePng(width, height, 3, new Uint8Array(data.buffer, data.byteOffset, width * height * 3))
  else if (kind === 3 && data.length >= width * height * 4)
    png = encodePng(width, height, 4, new Uint8Array(data.buffer, data.byteOffset, width * height * 4))
  else return { kind: 'unreadable' }
  const asset = assets.add(png, 'image/png')
  return asset ? { kind: 'kept', name: asset.name } : { kind: 'over-limit' }
}
