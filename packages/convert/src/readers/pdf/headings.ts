import type { Line } from './lines.js'

/** What the body text looks like, and which lines stand out from it as headings. */
export interface HeadingStyle {
  /** The heading level of a line (1–6), or 0 for text. */
  levelOf: (line: Line) => number
  /** A bold title run in at the start of a paragraph ("Boots Self-Locking Nut The Boots nut is…"): its level, title and the rest. */
  runIn: (line: Line) => { level: number; title: string; rest: string } | undefined
}

interface OutlineItem {
  title: string
  items?: OutlineItem[]
}

const normalized = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

/** Every bookmark title of the document's outline, normalized, to at most `limit` of them. */
export function outlineTitles(outline: OutlineItem[] | null | undefined, limit = 5000): Set<string> {
  const titles = new Set<string>()
  const visit = (items: OutlineItem[], depth: number) => {
    for (const item of items) {
      if (titles.size >= limit || depth > 20) return
      const title = normalized(item.title ?? '')
      if (title) titles.add(title)
      if (item.items) visit(item.items, depth + 1)
    }
  }
  visit(outline ?? [], 0)
  return titles
}

const rounded = (size: number) => Math.round(size * 2) / 2

/**
 * Headings from three signals: a font noticeably larger than the body text, a bold line at
 * the body size standing on its own, and the document outline (bookmarks) naming the line.
 * Levels follow size, largest first; bold body-size headings come after every larger size.
 */
export function headingStyle(lines: Line[], outline: Set<string>): HeadingStyle {
  const weight = new Map<number, number>()
  for (const line of lines) weight.set(rounded(line.size), (weight.get(rounded(line.size)) ?? 0) + line.text.length)
  const body = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0
  const bodyLines = lines.filter((line) => rounded(line.size) === body)
  const bodyBold =
    bodyLines.filter((line) => line.bold).reduce((n, line) => n + line.text.length, 0) >
    0.3 * bodyLines.reduce((n, line) => n + line.text.length, 0)

  const shapely = (line: Line) => {
    const text = line.text.trim()
    return text.length >= 1 && text.length <= 160 && /\p{L}/u.test(text) && !/[,;]$/.test(text) && !line.monospace
  }
  const inOutline = (line: Line) => {
    const text = normalized(line.text)
    if (text.length < 3) return false
    if (outline.has(text)) return true
    // A title broken over two lines starts with its first line; matched by prefix only while the outline is small enough to scan per line.
    if (text.length < 12 || outline.size > 300) return false
    for (const title of outline) if (title.length > text.length + 3 && title.startsWith(text)) return true
    return false
  }
  const bodyItalic = bodyLines.filter((line) => line.italic).length > 0.3 * bodyLines.length
  // An italic line on its own, in title case, reads as a heading in handbooks and reports.
  const italicHeading = (line: Line) => {
    const text = line.text.trim()
    const words = text.split(/\s+/)
    return (
      !bodyItalic &&
      line.italic &&
      shapely(line) &&
      words.length >= 2 &&
      words.length <= 8 &&
      /^\p{Lu}/u.test(text) &&
      !/[.:;,]$/.test(text) &&
      words.filter((w) => /^\p{Lu}/u.test(w)).length >= words.length / 2
    )
  }
  const larger = (line: Line) => line.size >= body * 1.15 && shapely(line)
  // Captions are often bold or italic at the body size; they are not headings.
  const caption = (line: Line) =>
    /^(?:figure|fig\.|table|example|listing|chart|exhibit)\s+[\dA-Z]/i.test(line.text.trim())
  const boldHeading = (line: Line) =>
    !bodyBold &&
    line.bold &&
    line.size >= body * 0.95 &&
    shapely(line) &&
    line.text.trim().length <= 100 &&
    !/[.:]$/.test(line.text.trim())

  const sizes = [...new Set(lines.filter(larger).map((line) => rounded(line.size)))].sort((a, b) => b - a)
  const levelOfSize = (size: number) => Math.min(6, sizes.indexOf(rounded(size)) + 1)
  return {
    levelOf: (line) => {
      if (larger(line)) return levelOfSize(line.size)
      if (!caption(line) && (boldHeading(line) || italicHeading(line))) return Math.min(6, sizes.length + 1)
      if (inOutline(line) && shapely(line)) return Math.min(6, sizes.length + 1)
      return 0
    },
    runIn: (line) => {
      if (bodyBold || line.rtl) return undefined
      const split = line.runs.findIndex((run) => !run.bold && /\p{L}/u.test(run.text))
      if (split <= 0) return undefined
      const title = line.runs
        .slice(0, split)
        .map((run) => run.text)
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim()
      const rest = line.runs
        .slice(split)
        .map((run) => run.text)
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim()
      const words = title.split(' ').length
      if (words < 2 || words > 8 || /[.:,;]$/.test(title) || !/^\p{Lu}/u.test(rest) || !/^\p{Lu}/u.test(title))
        return undefined
      return { level: Math.min(6, sizes.length + 1), title, rest }
    },
  }
}
