import { AssetCollector } from './context/assets.js'
import type { ConversionContext } from './context/context.js'
import { conversionLimits, outputBudget, type ConversionLimits } from './context/limits.js'
import { ConversionReporter } from './context/report.js'
import { detect } from './detect.js'
import { readEmbedded } from './embedded.js'
import { ConversionInputError } from './errors.js'
import type { DocumentFormat } from './formats.js'
import { boundMarkdown } from './markdown/bounds.js'
import { withFrontMatter } from './markdown/front-matter.js'
import { writeMarkdown } from './markdown/index.js'
import { normalizeMarkdown } from './markdown/normalize.js'
import { markdownStats } from './markdown/stats.js'
import { parseOcrLanguages } from './ocr/languages.js'
import { readerFor } from './readers/registry.js'
import type { ConversionAsset, ConversionReport, ConversionStats, DocumentOptions } from './types.js'
import { engine } from './version.js'

export interface ConvertOptions extends DocumentOptions {
  /** The document's format, when the caller knows it (the web decided it at upload). @default detected from the bytes */
  format?: DocumentFormat
  /** The document's file name: detection reads its extension beside the content (never instead of it). */
  name?: string
  /** Called with 0–100 as the conversion goes. */
  onProgress?: (percent: number) => void
  /**
   * Stops the conversion between pages and parts: it rejects with the signal's reason. A
   * conversion stuck inside one synchronous step does not see it — to bound time and memory
   * whatever the document does, convert in a child process (`@draftsmith/convert/process`).
   */
  signal?: AbortSignal
  /** Bounds on what the document may make the conversion decode, hold and store (context/limits.ts). @default defaultLimits */
  limits?: Partial<ConversionLimits>
  /** Where the Markdown points for pictures: `<assetPrefix>image-1.png`. @default 'assets/' */
  assetPrefix?: string
}

export interface ConversionResult {
  /** GitHub-flavoured Markdown, ending in one newline. The same input gives the same bytes. */
  markdown: string
  /** Pictures the Markdown references as `<assetPrefix><name>`, in order of first appearance. */
  assets: ConversionAsset[]
  /** What was found, what could not be kept, and the engine that made it. */
  report: ConversionReport
  stats: ConversionStats
}

/**
 * One document to Markdown. Throws {@link ConversionInputError} for a document that cannot be
 * converted (unsupported, damaged, hostile, past a bound), with a message for the person who
 * gave it; and the signal's reason when `signal` fires.
 */
export async function convert(
  input: Uint8Array | ArrayBuffer,
  options: ConvertOptions = {},
): Promise<ConversionResult> {
  const started = performance.now()
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input)
  const { signal } = options
  signal?.throwIfAborted()
  const format = options.format ?? (await detected(bytes, options.name))
  // A language that is not shipped is the caller's mistake, whatever the document holds.
  if (options.ocrLanguages !== undefined) parseOcrLanguages(options.ocrLanguages)
  const limits = conversionLimits(options.limits)
  // What is stored stays near the size of what was given (ADR 050).
  const budget = outputBudget(bytes.byteLength, limits)
  const progress = options.onProgress ?? (() => {})
  const context: ConversionContext = {
    progress,
    assets: new AssetCollector({
      maxCount: limits.assetMaxCount,
      maxBytes: limits.assetMaxBytes,
      relativeMaxBytes: budget,
      urlPrefix: options.assetPrefix,
    }),
    report: new ConversionReporter(),
    limits,
    options: {
      pageMarkers: options.pageMarkers === true,
      mainContent: options.mainContent !== false,
      ...(options.ocrLanguages === undefined ? {} : { ocrLanguages: options.ocrLanguages }),
    },
    signal,
    nesting: 0,
    embedded: readEmbedded,
  }
  const read = await (await readerFor(format)).read(bytes, context)
  signal?.throwIfAborted()
  let markdown = 'tree' in read ? writeMarkdown(read.tree, context) : normalizeMarkdown(read.markdown)
  progress(95)
  if (markdown.trim() === '') throw new ConversionInputError('the document has no text to convert')
  markdown = boundMarkdown(markdown, Math.min(budget, limits.markdownMaxBytes), context.report)
  const report = { ...context.report.build(), engine }
  // What the document says about itself, on top when asked (ADR 073); in the report always.
  if (options.frontMatter === true) markdown = withFrontMatter(markdown, report.metadata)
  return {
    markdown,
    assets: context.assets.assets,
    report,
    stats: { ...markdownStats(markdown), convertMs: Math.round(performance.now() - started) },
  }
}

async function detected(bytes: Uint8Array, name: string | undefined): Promise<DocumentFormat> {
  const detection = await detect(bytes, name)
  if (!detection.ok) throw new ConversionInputError(detection.reason)
  return detection.format
}
