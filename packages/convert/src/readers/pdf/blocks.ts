import { element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import type { Box } from './graphics.js'
import type { HeadingStyle } from './headings.js'
import { inlineElement, joinInline, type Inline } from './inline.js'
import type { Line } from './lines.js'
import { listItem, listMarker, type ListMarker } from './lists.js'
import { leaderEntry, tableElement } from './tables.js'
import { greatest, least } from '../../arrays.js'

/** What one column's lines became, counted for the report (the writer counts the rest). */
export interface BlockCounts {
  paragraphs: number
}

/**
 * One column's lines, in reading order, as blocks of the tree: headings, list items (continuation
 * lines joined to their item), code for runs of monospace lines, and paragraphs, which end at a
 * wider gap than the line spacing, an indented first line, or a short line that ends a sentence.
 */
export function columnBlocks(lines: Line[], headings: HeadingStyle, boxes: Box[], counts: BlockCounts): Element[] {
  const blocks: Element[] = []
  const right = greatest(lines.map((line) => line.x1))
  // The column's own line spacing: a paragraph ends where lines are farther apart than that.
  const gaps = lines
    .slice(1)
    .map((line, i) => line.y - (lines[i]?.y ?? 0))
    .filter((gap, i) => gap > 0 && gap < (lines[i]?.size ?? 0) * 3)
    .sort((a, b) => a - b)
  // The lower quartile: the plain line spacing, whatever share of the gaps are paragraph breaks.
  const spacing = gaps.length >= 4 ? (gaps[Math.floor(gaps.length / 4)] ?? 0) : 0
  let paragraph: Inline | undefined
  let item: { marker: ListMarker; content: Inline; indent: number } | undefined
  let heading: { level: number; content: Inline; size: number; lines: number } | undefined
  let code: Line[] | undefined
  let contents: Inline[][] | undefined
  let previous: Line | undefined

  const flush = () => {
    if (paragraph !== undefined) {
      blocks.push(inlineElement('p', paragraph))
      counts.paragraphs++
    }
    if (item) blocks.push(listItem(item.marker, item.content))
    // Three lines and more in a heading's style are a paragraph set in bold or large type.
    if (heading && heading.lines >= 3) {
      blocks.push(inlineElement('p', heading.content))
      counts.paragraphs++
    } else if (heading) blocks.push(inlineElement(`h${heading.level}`, heading.content))
    if (code) {
      // Indentation is where a line starts: monospace characters are about 0.6 of the font size wide.
      const left = least(code.map((l) => l.x0))
      const text = code.map(
        (l) =>
          ' '.repeat(Math.max(0, Math.round((l.x0 - left) / (l.size * 0.6)))) +
          l.runs
            .map((run) => run.text)
            .join('')
            .trim(),
      )
      blocks.push(element('pre', {}, [element('code', {}, [text.join('\n')])]))
    }
    if (contents) blocks.push(tableElement({ rows: contents, top: 0, bottom: 0, x0: 0, x1: 0 }))
    paragraph = item = heading = code = contents = undefined
  }

  for (const line of lines) {
    const gap = previous ? line.y - previous.y : 0
    const limit =
      spacing > 0
        ? Math.max(spacing * 1.3, Math.max(previous?.size ?? 0, line.size) * 1.1)
        : Math.max(previous?.size ?? 0, line.size) * 1.5
    const apart = !previous || gap > limit || gap < -line.size
    const level = headings.levelOf(line)
    if (line.monospace) {
      if (!code || apart) {
        flush()
        code = []
      }
      code.push(line)
      previous = line
      continue
    }
    // Contents entries (title, dot leaders, page) are a table of two columns.
    const entry = leaderEntry(line.text)
    if (entry) {
      if (!contents) flush()
      contents = contents ?? []
      contents.push(entry)
      previous = line
      continue
    }
    if (level > 0) {
      // A heading's own leading is wider than the body's: its second line is up to ~1.6 sizes below.
      const close = previous !== undefined && (!apart || (gap > 0 && gap <= line.size * 1.6))
      if (heading && heading.level === level && close && Math.abs(heading.size - line.size) < 0.5) {
        heading.content = joinInline(heading.content, line.inline)
        heading.lines++
      } else {
        flush()
        heading = { level, content: line.inline, size: line.size, lines: 1 }
      }
      previous = line
      continue
    }
    const marker = listMarker(line, boxes)
    if (marker) {
      flush()
      const textStart = line.runs.find((run) => run.text.trim() !== '' && run.x > line.x0 + 1)?.x ?? line.x0
      item = { marker, content: marker.inline, indent: textStart }
      previous = line
      continue
    }
    if (
      item &&
      !apart &&
      line.x0 >= item.indent - line.size * 0.6 &&
      previous &&
      !(line.x0 < previous.x0 - 2 && line.x0 < item.indent - 1)
    ) {
      item.content = joinInline(item.content, line.inline)
      previous = line
      continue
    }
    const indented = previous !== undefined && line.x0 - previous.x0 > line.size * 0.8 && paragraph !== undefined
    const ended = previous !== undefined && previous.x1 < right - previous.size * 3 && /[.!?:。)]$/.test(previous.text)
    if (paragraph === undefined || apart || indented || ended || heading || item || code) {
      flush()
      const runIn = headings.runIn(line)
      if (runIn) blocks.push(inlineElement(`h${runIn.level}`, [runIn.title]))
      paragraph = runIn ? [runIn.rest] : line.inline
    } else paragraph = joinInline(paragraph, line.inline)
    previous = line
  }
  flush()
  return blocks
}
