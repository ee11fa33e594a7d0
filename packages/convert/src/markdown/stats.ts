import type { ConversionStats } from '../types.js'

const fence = /^(```|~~~)/
const word = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu

/** Words in a line, counted without collecting them (a 40 MB line must not become 8 million strings). */
function countWords(line: string): number {
  let count = 0
  word.lastIndex = 0
  while (word.exec(line) !== null) count++
  return count
}

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
    words += countWords(line.replace(/\]\([^)]*\)/g, ']'))
  }
  return { words, headings, tables }
}
