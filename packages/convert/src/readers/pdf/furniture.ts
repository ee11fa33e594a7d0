import type { Line } from './lines.js'
import { least } from '../../arrays.js'

/** How many lines at the top and at the bottom of each page may be running headers or footers. */
const edgeLines = 2

/** A line's text with its numbers generalized: "Page 3 of 9" and "Page 4 of 9" are the same footer. */
const shape = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim()

const pageNumber = /^(?:page\s*)?[-–—([]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i

export interface Furniture {
  /** Lines that repeat at the edges of many pages, or are page numbers. */
  isFurniture: (line: Line) => boolean
  /** How many lines were taken out, for the report. */
  removed: () => number
}

/** The first and last lines of a page (by position), each with whether it stands apart from the text next to it. */
function edgesOf(lines: Line[]): { line: Line; apart: boolean }[] {
  const sorted = [...lines].sort((a, b) => a.y - b.y)
  const edges: { line: Line; apart: boolean }[] = []
  const take = (index: number, towards: number) => {
    const line = sorted[index]
    const next = sorted[towards]
    if (!line) return
    const apart =
      !next || Math.abs(next.y - line.y) > Math.max(line.size, next.size) * 1.8 || Math.abs(next.y - line.y) < 1
    edges.push({ line, apart })
  }
  for (let i = 0; i < Math.min(edgeLines, sorted.length); i++) {
    take(i, i + 1)
    take(sorted.length - 1 - i, sorted.length - 2 - i)
  }
  return edges
}

/**
 * Running headers, footers and page numbers: lines among the first or last ones of a page
 * whose text (numbers aside) recurs on at least half of the pages (three at least), lone page
 * numbers standing apart from the text, and a header that carries the page's number ("Optimized
 * Table Tokenization … 9") standing apart above the text.
 */
export function findFurniture(pages: { lines: Line[] }[]): Furniture {
  const seen = new Map<string, Set<number>>()
  const edges = pages.map(({ lines }) => edgesOf(lines))
  edges.forEach((list, index) => {
    for (const { line } of list) {
      const key = shape(line.text)
      if (!seen.has(key)) seen.set(key, new Set())
      seen.get(key)?.add(index)
    }
  })
  const repeated = new Set(
    [...seen].filter(([, on]) => pages.length >= 3 && on.size >= Math.max(3, pages.length / 2)).map(([key]) => key),
  )
  const furniture = new Set<Line>()
  pages.forEach(({ lines }, index) => {
    const sizes = lines.map((line) => line.size).sort((a, b) => a - b)
    const typical = sizes[Math.floor(sizes.length / 2)] ?? 0
    const top = least(lines.map((line) => line.y))
    for (const { line, apart } of edges[index] ?? []) {
      // A page of a line or two is all text, even when every page looks alike.
      if (repeated.has(shape(line.text)) && line.size <= typical * 1.3 && lines.length > edgeLines * 2)
        furniture.add(line)
      else if (apart && pageNumber.test(line.text.trim())) furniture.add(line)
      else if (apart && line.y - top < 2 && line.size <= typical && /^\d{1,4}\s+\S|\S\s+\d{1,4}$/.test(line.text))
        furniture.add(line)
    }
  })
  // A running head cut in two by its tab stop: the rest of its baseline goes with it.
  for (const page of pages) {
    const found = page.lines.filter((line) => furniture.has(line))
    for (const line of page.lines)
      if (!furniture.has(line) && found.some((f) => Math.abs(f.y - line.y) < 1 && f.size === line.size))
        furniture.add(line)
  }
  let removed = 0
  return {
    isFurniture: (line) => {
      const hit = furniture.has(line)
      if (hit) removed++
      return hit
    },
    removed: () => removed,
  }
}

/**
 * A picture repeated on many pages at the same place (a logo in the header) is page furniture
 * too: it is shown once, where it first appears. Returns the pages' pictures with the repeats
 * taken out, and how many were taken out.
 */
export function withoutRepeatedPictures<T extends { url: string; x: number; y: number }>(
  pages: T[][],
): { pages: T[][]; removed: number } {
  const places = new Map<string, Set<number>>()
  const key = (image: T) => `${image.url} ${Math.round(image.x / 5)} ${Math.round(image.y / 5)}`
  pages.forEach((images, index) => {
    for (const image of images) places.set(key(image), (places.get(key(image)) ?? new Set()).add(index))
  })
  const repeated = (image: T) =>
    pages.length >= 3 && (places.get(key(image))?.size ?? 0) >= Math.max(3, pages.length / 2)
  const shown = new Set<string>()
  let removed = 0
  const kept = pages.map((images) =>
    images.filter((image) => {
      if (!repeated(image)) return true
      if (!shown.has(key(image))) {
        shown.add(key(image))
        return true
      }
      removed++
      return false
    }),
  )
  return { pages: kept, removed }
}
