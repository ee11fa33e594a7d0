import { createHash } from 'node:crypto'
import type { ConversionAsset } from '../types.js'

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
  /** Where the Markdown points for an asset: `<urlPrefix><name>`. @default 'assets/' */
  urlPrefix?: string
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
  private readonly urlPrefix: string

  constructor(options: AssetCollectorOptions = {}) {
    this.maxCount = options.maxCount ?? 500
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_ASSET_BYTES
    if (options.relativeMaxBytes !== undefined) this.maxBytes = Math.min(this.maxBytes, options.relativeMaxBytes)
    this.urlPrefix = options.urlPrefix ?? 'assets/'
  }

  /**
   * Where the Markdown points for the asset named `name`: relative, so the same text works
   * served by the web (`assets/…`), in a bundle, and beside a file the CLI wrote.
   */
  url(name: string): string {
    return `${this.urlPrefix}${name}`
  }

  /** Bytes the assets may still grow by: a picture larger than this will not be kept. */
  get remainingBytes(): number {
    return Math.max(0, this.maxBytes - this.bytes)
  }

  /**
   * Keeps `bytes` and returns the asset (the same one for the same bytes), or `undefined` when the
   * conversion already holds as many assets or bytes as it may: the caller reports it.
   */
  /**
   * Put before the names of the assets added from now on (`report-docx-image-3.png`): a document
   * inside an archive or a mail names its pictures after itself. Safe file-name characters only.
   */
  namePrefix = ''

  add(bytes: Uint8Array, contentType: string): ConversionAsset | undefined {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const existing = this.byHash.get(sha256)
    if (existing !== undefined) return existing
    if (this.byHash.size >= this.maxCount || this.bytes + bytes.byteLength > this.maxBytes) return undefined
    const type = contentType.split(';')[0]?.trim().toLowerCase() || 'application/octet-stream'
    const asset: ConversionAsset = {
      name: `${this.namePrefix}image-${this.byHash.size + 1}.${extensions[type] ?? 'bin'}`,
      contentType: type,
      sha256,
      bytes,
    }
    this.byHash.set(sha256, asset)
    this.bytes += bytes.byteLength
    return asset
  }

  get assets(): ConversionAsset[] {
    return [...this.byHash.values()]
  }
}
