import { createHash } from 'node:crypto'

/** A file a conversion extracted from the document (a picture), kept beside its Markdown. */
export interface ConversionAsset {
  /** A safe file name, unique within the conversion: `image-1.png`. */
  name: string
  contentType: string
  /** SHA-256 of the bytes, hex. */
  sha256: string
  bytes: Uint8Array
}

export interface AssetCollectorOptions {
  /** Most assets one conversion keeps. @default 500 */
  maxCount?: number
  /** Most bytes all assets of one conversion may hold together. @default {@link DEFAULT_MAX_ASSET_BYTES} */
  maxBytes?: number
  /**
   * A second bound on the same total, relative to the upload (ADR 050): a small file must not
   * grow into large stored pictures. The smaller of the two applies.
   */
  relativeMaxBytes?: number
}

/**
 * 16 MiB: above the largest upload (10 MiB), because a document's own pictures, kept in their own
 * compressed form, are smaller than the document; the margin is for pictures a PDF stores in a
 * form browsers cannot show and the converter re-encodes. Every byte here is stored per
 * conversion and counts toward the owner's quota (CONVERSION_MAX_ASSET_BYTES, ADR 040).
 */
export const DEFAULT_MAX_ASSET_BYTES = 16 * 1024 * 1024

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/avif': 'avif',
  'image/x-emf': 'emf',
  'image/emf': 'emf',
  'image/x-wmf': 'wmf',
  'image/wmf': 'wmf',
}

/** What browsers show in an `<img>`: anything else is kept as a file and named in the report. */
const displayable = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/svg+xml',
  'image/bmp',
  'image/avif',
])

/** Where the Markdown points for an asset: relative, so the same text works served and in a bundle. */
export const assetUrl = (name: string) => `assets/${name}`

/**
 * The pictures of one conversion. Identical bytes are kept once (a logo on every page is one
 * file), names follow the order of first appearance, and the totals are bounded so a document
 * full of pictures cannot grow a conversion without limit.
 */
export class AssetCollector {
  private readonly byHash = new Map<string, ConversionAsset>()
  private readonly maxCount: number
  private readonly maxBytes: number
  private bytes = 0

  constructor(options: AssetCollectorOptions = {}) {
    this.maxCount = options.maxCount ?? 500
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_ASSET_BYTES
    if (options.relativeMaxBytes !== undefined) this.maxBytes = Math.min(this.maxBytes, options.relativeMaxBytes)
  }

  /** Bytes the assets may still grow by: a picture larger than this will not be kept. */
  get remainingBytes(): number {
    return Math.max(0, this.maxBytes - this.bytes)
  }

  /**
   * Keeps `bytes` and returns the asset (the same one for the same bytes), or `undefined` when the
   * conversion already holds as many assets or bytes as it may: the caller reports it.
   */
  add(bytes: Uint8Array, contentType: string): ConversionAsset | undefined {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const existing = this.byHash.get(sha256)
    if (existing !== undefined) return existing
    if (this.byHash.size >= this.maxCount || this.bytes + bytes.byteLength > this.maxBytes) return undefined
    const type = contentType.split(';')[0]?.trim().toLowerCase() || 'application/octet-stream'
    const asset: ConversionAsset = {
      name: `image-${this.byHash.size + 1}.${extensions[type] ?? 'bin'}`,
      contentType: type,
      sha256,
      bytes,
    }
    this.byHash.set(sha256, asset)
    this.bytes += bytes.byteLength
    return asset
  }

  /** Whether a browser can show this asset in an `<img>`. */
  static displayable(contentType: string): boolean {
    return displayable.has(contentType)
  }

  get assets(): ConversionAsset[] {
    return [...this.byHash.values()]
  }
}
