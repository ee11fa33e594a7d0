import { DEFAULT_MAX_ASSET_BYTES } from './asset-collector.js'

/**
 * Bounds a conversion applies to what it decodes and stores, whatever the document declares
 * (ADR 050). The worker sets them from its environment; they cross into the conversion process
 * with each document.
 */
export interface ConversionLimits {
  /** Most pixels one picture may have; larger ones are never decoded. */
  imagePixels: number
  /** Most pixels the distinct pictures painted on one page may decode to together. */
  pagePixels: number
  /** Most pixels all the pictures of one document may decode to together. */
  documentPixels: number
  /**
   * Stored output is bounded relative to the upload: the assets together, and the Markdown, each
   * at most `outputRatio` × the upload's size + `outputFloorBytes` (and the absolute caps).
   */
  outputRatio: number
  outputFloorBytes: number
  /** Absolute cap on the assets together, in bytes (CONVERSION_MAX_ASSET_BYTES, ADR 040). */
  assetMaxBytes: number
  /** Absolute cap on the Markdown, in bytes. */
  markdownMaxBytes: number
  /** Block quotes and lists of Markdown and text uploads nest at most this deep; deeper ones are flattened. */
  markdownDepth: number
}

const MiB = 1024 * 1024

export const defaultLimits: Readonly<ConversionLimits> = {
  imagePixels: 16_000_000,
  pagePixels: 16_000_000,
  documentPixels: 320_000_000,
  outputRatio: 4,
  outputFloorBytes: 16 * MiB,
  assetMaxBytes: DEFAULT_MAX_ASSET_BYTES,
  markdownMaxBytes: 32 * MiB,
  markdownDepth: 32,
}

export function conversionLimits(limits: Partial<ConversionLimits> = {}): ConversionLimits {
  return { ...defaultLimits, ...limits }
}

/** What the assets together, and the Markdown, may each hold for an upload of `sourceBytes`. */
export function outputBudget(sourceBytes: number, limits: ConversionLimits): number {
  return Math.round(limits.outputRatio * sourceBytes + limits.outputFloorBytes)
}
