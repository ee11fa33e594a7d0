import type { Line } from './pdf-lines.js'

/** How far from the top or bottom edge (share of the page height) headers and footers sit. */
const margin = 0.12

/** A line's text with its numbers generalized: "Page 3 of 9" and "Page 4 of 9" are the same footer. */
const shape = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim()

const pageNumber = /^(?:page\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i

export interface Furniture {
  /** Lines that repeat in the margins of many pages, or are page numbers. */
  isFurniture: (line: Line) => boolean
  /** How many lines were taken out, for the report. */
  removed: () => number
}

/**
 * Running headers, footers and page numbers: lines in a page's top or bottom margin whose text
 * (numbers aside) recurs on at least half of the pages (three at least), and lone numbers in the
 * margins. On a one- or two-page document only the page numbers and a header that carries the
 * page's number can be told apart from text.
 */
export function findFurniture(pages: { height: number; lines: Line[] }[]): Furniture {
  const inMargin = (line: Line, height: number) => line.y < height * margin || line.y > height * (1 - margin)
  const seen = new Map<string, Set<number>>()
  pages.forEach(({ height, lines }, index) => {
    for (const line of lines) {
      if (!inMargin(line, height)) continue
      const key = shape(line.text)
      if (!seen.has(key)) seen.set(key, new Set())
      seen.get(key)?.add(index)
    }
  })
  const repeated = new Set([...seen].filter(([, on]) => pages.length >= 3 && on.size >= Math.max(3, pages.length / 2)).map(([key]) => key))
  const heights = new Map(pages.flatMap(({ height, lines }) => lines.map((line) => [line, height] as const)))
  const edge = new Set<Line>()
  for (const { lines, height } of pages) {
    // The topmost and bottom-most lines of a page, when they stand apart from the text.
    const body = lines.filter((line) => !inMargin(line, height))
    const top = Math.min(...body.map((line) => line.y - line.size))
    const bottom = Math.max(...body.map((line) => line.y))
    const sizes = body.map((line) => line.size).sort((a, b) => a - b)
    const typical = sizes[Math.floor(sizes.length / 2)] ?? 0
    for (const line of lines) {
      const apart = line.y < top - line.size * 1.5 || line.y - line.size > bottom + line.size * 1.5
      if (!apart || !inMargin(line, height)) continue
      if (pageNumber.test(line.text.trim())) edge.add(line)
      // "Optimized Table Tokenization … 9": a running head that ends or starts with the page number.
      else if (/^\d{1,4}\s+\S|\S\s+\d{1,4}$/.test(line.text) && line.size <= typical) {
        if (line.y < height * margin) edge.add(line)
      }
    }
  }
  let removed = 0
  return {
    isFurniture: (line) => {
      const height = heights.get(line) ?? 0
      const hit = edge.has(line) || (inMargin(line, height) && repeated.has(shape(line.text)))
      if (hit) removed++
      return hit
    },
    removed: () => removed,
  }
}
