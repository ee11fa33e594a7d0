import { getHeapStatistics } from 'node:v8'
import { DEFAULT_MAX_ASSET_BYTES } from './assets.js'

/**
 * Bounds a conversion applies to what it decodes and stores, whatever the document declares
 * (ADR 050). Every field has a default ({@link defaultLimits}); the worker and the CLI set some
 * from their own settings.
 */
export interface ConversionLimits {
  /** Most pixels one picture may have; larger ones are never decoded. @default 16_000_000 */
  imagePixels: number
  /** Most pixels the distinct pictures painted on one page may decode to together. @default 16_000_000 */
  pagePixels: number
  /** Most pixels all the pictures of one document may decode to together. @default 320_000_000 */
  documentPixels: number
  /**
   * Stored output is bounded relative to the input: the assets together, and the Markdown, each
   * at most `outputRatio` × the input's size + `outputFloorBytes` (and the absolute caps).
   * @default 4
   */
  outputRatio: number
  /** @default 16 MiB */
  outputFloorBytes: number
  /** Absolute cap on the Markdown, in bytes. @default 32 MiB */
  markdownMaxBytes: number
  /** Absolute cap on all the assets of one conversion together, in bytes (the worker's CONVERSION_MAX_ASSET_BYTES, ADR 040). @default 16 MiB */
  assetMaxBytes: number
  /** Most assets one conversion keeps. @default 500 */
  assetMaxCount: number
  /** Block quotes and lists of Markdown and text inputs nest at most this deep; deeper ones are flattened. @default 32 */
  markdownDepth: number
  /**
   * HTML: pages up to this size (UTF-16 code units) are searched for their article (reader mode,
   * ADR 085); larger ones are converted whole, since the DOM Readability needs holds ~70 MB of real memory and ~2.5 s a MB of page.
   * @default 2 MiB
   */
  mainContentMaxBytes: number
  /**
   * Documents inside documents — a mail's attachments, an archive's members, a mail attached to a
   * mail — are converted down to this many levels; deeper ones are listed, not converted. @default 2
   */
  embeddedMaxDepth: number
  /** A document inside another larger than this (bytes) is listed, not converted. @default 32 MiB */
  embeddedMaxBytes: number
  /** Most documents converted inside one conversion (attachments and members at every level); the rest are listed. @default 200 */
  embeddedMaxCount: number
  /** JSON and XML: the pretty-printed text kept in the fenced block, in characters; the rest is reported. @default 1 MiB */
  structuredMaxChars: number
  /** Notebooks: the text kept of each cell's output, in characters; the rest is reported. @default 64 KiB */
  notebookOutputMaxChars: number
  /** PDF: most pages converted; the rest are reported. @default 1000 */
  pdfMaxPages: number
  /** PDF: wall-clock time for reading pages (ms); pages past it are reported. @default 40_000 */
  pdfTimeBudgetMs: number
  /** OCR: pictures of pages larger than this (pixels) are not read; they stay pictures, reported. @default 16_000_000 */
  ocrPagePixels: number
  /** OCR: most pages (scanned PDF pages, a TIFF's pages) read per document; the rest stay pictures. @default 50 */
  ocrMaxPages: number
  /** OCR: time one page may take (ms); past it the page stays a picture and the OCR worker is restarted. @default 20_000 */
  ocrPageTimeoutMs: number
  /** OCR: time all the pages of a document may take together (ms); pages past it stay pictures. @default 40_000 */
  ocrTimeBudgetMs: number
  /**
   * Spreadsheets and CSV/TSV: most cells with a value kept per document (every sheet together);
   * the rows past it are left out and reported, so a sheet of a million rows is cut, not a
   * conversion out of memory. @default 100_000
   */
  sheetMaxCells: number
  /**
   * Real memory (RSS, MB) the process running the conversion may use, when something watches it
   * (the worker's pool, `@draftsmith/convert/process`): the trees size their element bounds by it
   * as well as by the heap, so a document too large is refused with its own message before the
   * watcher has to kill the process. @default none: the heap's limit alone
   */
  memoryMb: number | undefined
}

const MiB = 1024 * 1024

export const defaultLimits: Readonly<ConversionLimits> = {
  imagePixels: 16_000_000,
  pagePixels: 16_000_000,
  documentPixels: 320_000_000,
  outputRatio: 4,
  outputFloorBytes: 16 * MiB,
  markdownMaxBytes: 32 * MiB,
  assetMaxBytes: DEFAULT_MAX_ASSET_BYTES,
  assetMaxCount: 500,
  markdownDepth: 32,
  mainContentMaxBytes: 2 * MiB,
  embeddedMaxDepth: 2,
  embeddedMaxBytes: 32 * MiB,
  embeddedMaxCount: 200,
  structuredMaxChars: 1024 * 1024,
  notebookOutputMaxChars: 64 * 1024,
  pdfMaxPages: 1000,
  pdfTimeBudgetMs: 40_000,
  ocrPagePixels: 16_000_000,
  ocrMaxPages: 50,
  ocrPageTimeoutMs: 20_000,
  ocrTimeBudgetMs: 40_000,
  sheetMaxCells: 100_000,
  memoryMb: undefined,
}

export function conversionLimits(limits: Partial<ConversionLimits> = {}): ConversionLimits {
  const defined = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined))
  return { ...defaultLimits, ...defined }
}

/** What the assets together, and the Markdown, may each hold for an input of `sourceBytes`. */
export function outputBudget(sourceBytes: number, limits: ConversionLimits): number {
  return Math.round(limits.outputRatio * sourceBytes + limits.outputFloorBytes)
}

/** What the process held when the engine was loaded: the baseline a memory budget is measured from. */
const rssAtStart = process.memoryUsage.rss()

/**
 * Most elements a tree may have at `bytesPerElement`: what the conversion's memory holds — the
 * heap's limit or, when {@link ConversionLimits.memoryMb} bounds the process' real memory, what
 * that budget leaves beside what the process held when the engine loaded, whichever is less.
 * (Not beside what it holds now: a process keeps the pages of earlier conversions, and the next
 * one would pay for them.)
 */
export function elementBound(limits: ConversionLimits, bytesPerElement: number): number {
  const heap = getHeapStatistics().heap_size_limit
  const memory =
    limits.memoryMb === undefined || !(limits.memoryMb > 0)
      ? heap
      : Math.max(0, Math.min(heap, limits.memoryMb * MiB - rssAtStart))
  return Math.floor(memory / bytesPerElement)
}
