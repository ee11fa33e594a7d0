import type { ConversionOptions, ConversionReport, ConversionStats } from '@draftsmith/db/schema'
import { documentKindOf } from '@draftsmith/jobs'
import { AssetCollector, type ConversionAsset } from './asset-collector.js'
import type { ConversionContext } from './conversion-context.js'
import { conversionLimits, outputBudget, type ConversionLimits } from './conversion-limits.js'
import { ConversionReporter } from './conversion-reporter.js'
import { docxToMarkdown } from './formats/docx.js'
import { htmlToMarkdown } from './formats/html.js'
import { pdfToMarkdown } from './formats/pdf.js'
import { decodeText, markdownToMarkdown, textToMarkdown } from './formats/text.js'
import { ConversionInputError } from './input-error.js'
import { markdownStats } from './markdown-stats.js'
import { boundMarkdown } from './output-bounds.js'

export interface ConversionResult {
  markdown: string
  /** Pictures the Markdown references as `assets/<name>`. */
  assets: ConversionAsset[]
  report: ConversionReport
  stats: ConversionStats
}

/**
 * One document to Markdown, by its MIME type (decided from content at upload). Throws
 * {@link ConversionInputError} for documents that cannot be converted, with a message for the
 * person who uploaded it. Runs inside a conversion process (see converter-pool.ts).
 */
export async function convertDocument(
  mime: string,
  bytes: Uint8Array,
  progress: (percent: number) => void = () => {},
  options: ConversionOptions = {},
  limits: Partial<ConversionLimits> = {},
): Promise<ConversionResult> {
  const started = performance.now()
  const kind = documentKindOf(mime)
  const bounds = conversionLimits(limits)
  // What is stored stays near the size of what was uploaded (ADR 050).
  const budget = outputBudget(bytes.byteLength, bounds)
  const context: ConversionContext = {
    progress,
    assets: new AssetCollector({ maxBytes: bounds.assetMaxBytes, relativeMaxBytes: budget }),
    report: new ConversionReporter(),
  }
  let markdown: string
  switch (kind) {
    case 'docx':
      markdown = await docxToMarkdown(bytes, context)
      break
    case 'pdf':
      markdown = await pdfToMarkdown(bytes, context, {
        pageMarkers: options.pageMarkers === true,
        maxImagePixels: bounds.imagePixels,
        maxPagePixels: bounds.pagePixels,
        maxDocumentPixels: bounds.documentPixels,
      })
      break
    case 'html':
      markdown = htmlToMarkdown(decodeText(bytes), context)
      break
    case 'markdown':
      markdown = markdownToMarkdown(bytes, context.report, bounds.markdownDepth)
      break
    case 'text':
      markdown = textToMarkdown(bytes)
      break
    default:
      throw new ConversionInputError(`documents of type ${mime} are not supported`)
  }
  progress(95)
  if (markdown.trim() === '') throw new ConversionInputError('the document has no text to convert')
  markdown = boundMarkdown(markdown, Math.min(budget, bounds.markdownMaxBytes), context.report)
  return {
    markdown,
    assets: context.assets.assets,
    report: context.report.build(),
    stats: { ...markdownStats(markdown), convertMs: Math.round(performance.now() - started) },
  }
}
