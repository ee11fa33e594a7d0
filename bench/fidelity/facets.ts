/**
 * What a Markdown document says, style aside: its words in reading order and the texts of its
 * headings, table cells, list items, link targets, pictures and equations. Two renderings that
 * say the same thing have the same facets however they write it (ATX or setext headings, pipe
 * or HTML tables, `*` or `-` bullets, inline or reference links).
 */
export interface Facets {
  /** Lower-cased word tokens of the rendered text, in reading order (pictures' alt text included, equations not). */
  words: string[]
  /** Each heading's words, joined by one space (a heading inside a table cell is the cell's text). */
  headings: string[]
  /** Each non-empty table cell's words; a merged cell counts once per grid position it covers. */
  cells: string[]
  /**
   * Each list item's own words (nested lists are items of their own); description terms and
   * details are items. Items inside table cells count as the cell's text only.
   */
  listItems: string[]
  /** Link targets as written (trimmed, percent-decoding normalized). */
  links: string[]
  /** Pictures the Markdown shows: images and `<img>`. */
  pictures: number
  /** Pictures the Markdown says were there without showing them (docling's `<!-- image -->`). */
  picturePlaceholders: number
  /** LaTeX tokens of every equation, in order. */
  equationTokens: string[]
  /** How many equations. */
  equations: number
}

export const emptyFacets = (): Facets => ({
  words: [],
  headings: [],
  cells: [],
  listItems: [],
  links: [],
  pictures: 0,
  picturePlaceholders: 0,
  equationTokens: [],
  equations: 0,
})

/** Word tokens of a text: letters and digits, lower-cased. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
}

/** LaTeX as tokens: commands, single characters; braces and spacing are style. */
export function latexTokens(latex: string): string[] {
  return latex.match(/\\[a-zA-Z]+|\\[^a-zA-Z\s]|[^\s{}]/g) ?? []
}

export function normalizeLink(url: string): string {
  const trimmed = url.trim()
  try {
    return decodeURI(trimmed)
  } catch {
    return trimmed
  }
}
