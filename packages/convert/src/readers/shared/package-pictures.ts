import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import type { ZipArchive } from './zip-archive.js'
import { isDisplayableImage } from '../../formats.js'
import { element } from '../../tree/build.js'
import type { Node } from '../../tree/model.js'

const contentTypes: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  dib: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  avif: 'image/avif',
  emf: 'image/x-emf',
  wmf: 'image/x-wmf',
  emz: 'application/octet-stream',
  wmz: 'application/octet-stream',
  wdp: 'image/vnd.ms-photo',
  jxr: 'image/vnd.ms-photo',
}

/** What the bytes say they are: Word's extensions are usually right, but not always (`image1.bin`). */
function sniff(bytes: Uint8Array, fallback: string): string {
  const b = bytes
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'image/gif'
  if (
    b[0] === 0x52 &&
    b[1] === 0x49 &&
    b[2] === 0x46 &&
    b[3] === 0x46 &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  )
    return 'image/webp'
  if (b[0] === 0x42 && b[1] === 0x4d) return 'image/bmp'
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a))
    return 'image/tiff'
  if (
    b[0] === 0x01 &&
    b[1] === 0x00 &&
    b[2] === 0x00 &&
    b[3] === 0x00 &&
    b[40] === 0x20 &&
    b[41] === 0x45 &&
    b[42] === 0x4d &&
    b[43] === 0x46
  )
    return 'image/x-emf'
  if (
    (b[0] === 0xd7 && b[1] === 0xcd && b[2] === 0xc6 && b[3] === 0x9a) ||
    (b[0] === 0x01 && b[1] === 0x00 && b[2] === 0x09 && b[3] === 0x00)
  )
    return 'image/x-wmf'
  return fallback
}

/** `image/x-emf` → `emf`: the format's short name, for report codes and placeholders. */
const formatName = (contentType: string, part: string) =>
  ({ 'image/x-emf': 'emf', 'image/x-wmf': 'wmf', 'image/tiff': 'tiff', 'image/vnd.ms-photo': 'wdp' })[contentType] ??
  (part.split('.').pop() ?? 'bin').toLowerCase()

/**
 * Word's own captioning appends a disclaimer to the descriptions it writes ("A duck holding a
 * paper. Description automatically generated"): the disclaimer is not the picture's description.
 */
function withoutBoilerplate(alt: string): string {
  return alt
    .replace(
      /\s*(AI-generated content may be incorrect\.?|Description automatically generated( with (medium|low|high) confidence)?\.?)\s*$/i,
      '',
    )
    .replace(/\s+/g, ' ')
    .trim()
}

/** Where a picture is: an entry of the package (`word/media/image1.png`, `Pictures/1.png`), or an external URL. */
export interface PictureTarget {
  target: string
  external: boolean
}

/**
 * A zip-based document's pictures (DOCX, ODT…): each embedded one becomes an asset of the conversion and an `<img>`
 * pointing at `assets/<name>`; a linked one (the document only names its URL) is referenced as
 * written. Formats a browser cannot show (EMF, WMF, TIFF…) are kept as files too, shown as an
 * `<img>` whose text names what it is — a placeholder a browser prints instead of the picture —
 * and reported under `image-format-unsupported-<format>`.
 */
export class PackagePictures {
  constructor(
    private readonly archive: ZipArchive,
    private readonly context: ConversionContext,
  ) {}

  picture(relationship: PictureTarget | undefined, description: string): Node | undefined {
    const alt = withoutBoilerplate(description)
    const report = this.context.report
    if (relationship === undefined) {
      report.notKept(
        'image-missing',
        (n) => `${plural(n, 'picture')} the document refers to but does not contain left out`,
      )
      return undefined
    }
    // Linked, not embedded: whether its address may be written is the writer's one policy
    // (markdown/pictures.ts), as for HTML's pictures — a path on the author's disk is left out.
    if (relationship.external) return element('img', { src: relationship.target, alt })
    const bytes = this.archive.bytes(relationship.target)
    if (bytes === undefined || bytes.length === 0) {
      report.notKept(
        'image-missing',
        (n) => `${plural(n, 'picture')} the document refers to but does not contain left out`,
      )
      return undefined
    }
    const extension = (relationship.target.split('.').pop() ?? '').toLowerCase()
    const contentType = sniff(bytes, contentTypes[extension] ?? 'application/octet-stream')
    const asset = this.context.assets.add(bytes, contentType)
    if (asset === undefined) {
      report.notKept(
        'image-over-limit',
        (n) => `${plural(n, 'picture')} left out: the conversion already holds as many pictures as it may`,
      )
      return alt === '' ? undefined : alt
    }
    if (isDisplayableImage(asset.contentType)) return element('img', { src: this.context.assets.url(asset.name), alt })
    const format = formatName(asset.contentType, relationship.target)
    const label = format.toUpperCase()
    report.notKept(
      `image-format-unsupported-${format}`,
      (n) =>
        `${plural(n, `${label} picture`)} (a format browsers cannot show) kept as ${n === 1 ? 'a file' : 'files'}, with a placeholder in the text`,
    )
    return element('img', {
      src: this.context.assets.url(asset.name),
      alt: `${label} picture${alt === '' ? '' : `: ${alt}`}`,
    })
  }
}
