import type { ConversionStats } from '@draftsmith/db/schema'

const fence = /^(```|~~~)/

/** Words, headings and tables of a Markdown document, ignoring what sits inside code fences. */
export function markdownStats(markdown: string): Pick<ConversionStats, 'words' | 'headings' | 'tables'> {
  let words = 0
  let headings = 0
  let tables = 0
  let inCode = false
  for (const line of markdown.split('\n')) {
    if (fence.test(line.trimStart())) {
      inCode = !inCode
      continue
    }
    if (inCode) continue
    if (/^#{1,6}\s/.test(line)) headings++
    if (/^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line) && line.includes('-')) tables++
    // Link targets and images' URLs are not words of the document.
    words += line.replace(/\]\([^)]*\)/g, ']').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0
  }
  return { words, headings, tables }
}
