import { AssetCollector } from '../asset-collector.js'
import type { ConversionContext } from '../conversion-context.js'
import { ConversionReporter } from '../conversion-reporter.js'
import { parseHtml } from './html-dom.js'
import { MarkdownWriter } from './html-writer.js'
import { normalizeMarkdown } from './text.js'

/**
 * HTML (an upload, or a Word document's body as docx-body.ts builds it) to GitHub-flavoured Markdown:
 * htmlparser2 parses it into a compact tree (html-dom.ts) and {@link MarkdownWriter} writes it in one pass. Headings,
 * lists (task and description lists too), tables (HTML where GitHub tables cannot say them),
 * pictures (`data:` ones as assets), links, code, equations and footnotes are kept and counted
 * in the report; what cannot be kept (embedded frames, videos) is counted as not kept.
 */
export function htmlToMarkdown(
  html: string,
  context: ConversionContext = { progress: () => {}, assets: new AssetCollector(), report: new ConversionReporter() },
): string {
  const document = parseHtml(html)
  // The whole document, not only <body>: what a broken page puts after </body> or inside an unclosed <head> is still its text.
  return normalizeMarkdown(new MarkdownWriter(document, context).document(document))
}
