import { isDisplayableImage } from '../formats.js'
import type { ConversionContext } from '../context/context.js'
import { plural } from '../context/report.js'
import { isLocalPath, isSafeLink, reportUnsafeLink } from './links.js'

export interface PictureSource {
  /** Where the Markdown points: the page's own URL, or `assets/<name>` for a picture the page carried inside it. */
  url: string
  /** A browser cannot show it (TIFF…): the Markdown links the file instead of showing it. */
  linkOnly: boolean
}

/** The bytes and type of a `data:` URL, or `undefined` when it is not one or cannot be read. */
function decodeDataUrl(src: string): { bytes: Buffer; type: string } | undefined {
  const comma = src.indexOf(',')
  if (comma === -1) return undefined
  const header = src.slice(5, comma).toLowerCase().split(';')
  const type = header[0]?.trim() || 'text/plain'
  const payload = src.slice(comma + 1)
  try {
    const bytes = header.includes('base64')
      ? Buffer.from(payload.replace(/\s+/g, ''), 'base64')
      : Buffer.from(decodeURIComponent(payload), 'utf8')
    return bytes.length === 0 ? undefined : { bytes, type }
  } catch {
    return undefined
  }
}

/**
 * Where a picture's Markdown points, on the link policy of every format (links.ts): remote and
 * relative URLs are kept as written; a `data:` picture becomes an asset of the conversion; a path
 * on the author's disk or a script's address is left out. `undefined`: nothing to show (reported).
 */
export function pictureSource(src: string, context: ConversionContext): PictureSource | undefined {
  const trimmed = src.trim()
  if (!/^data:/i.test(trimmed)) {
    if (trimmed === '') return undefined
    if (isLocalPath(trimmed)) {
      context.report.notKept(
        'image-linked-local',
        (n) => `${plural(n, 'picture')} linked from the author's own disk (not in the document) left out`,
      )
      return undefined
    }
    if (!isSafeLink(trimmed)) {
      reportUnsafeLink(context.report)
      return undefined
    }
    return { url: trimmed, linkOnly: false }
  }
  const decoded = decodeDataUrl(trimmed)
  if (decoded === undefined || !decoded.type.startsWith('image/')) {
    context.report.notKept(
      'image-unreadable',
      (n) => `${plural(n, 'embedded picture')} could not be read and ${n === 1 ? 'was' : 'were'} left out`,
    )
    return undefined
  }
  const asset = context.assets.add(decoded.bytes, decoded.type)
  if (asset === undefined) {
    context.report.notKept(
      'image-over-limit',
      (n) => `${plural(n, 'picture')} left out: the conversion already holds as many pictures as it may`,
    )
    return undefined
  }
  const linkOnly = !isDisplayableImage(asset.contentType)
  if (linkOnly)
    context.report.notKept(
      'image-format-unsupported',
      (n) => `${plural(n, 'picture')} in a format browsers cannot show kept as ${n === 1 ? 'a file' : 'files'}, linked`,
    )
  return { url: context.assets.url(asset.name), linkOnly }
}
