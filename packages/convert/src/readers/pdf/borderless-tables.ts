import type { Band, Section } from './columns.js'
import { splitLine, type Line } from './lines.js'
import { grid, textColumns, type Table } from './tables.js'
import { appendAll, greatest, least } from '../../arrays.js'

/**
 * Business tables set with whitespace only — invoices, receipts, orders, inventory and repair
 * reports (ADR 083): rows of short cells in aligned columns, some cells empty, amounts aligned
 * right, with `Label: value` lines, headings and prose around them in the same stretch of the
 * page. Rows are bands split into two cells or more at gaps wider than a word space.
 */

/** A run's gap wider than this many font sizes separates two cells of one row. */
const cellGap = 0.9

/** `Invoice number: INV-1`, `Due date: 3 January`: a label and its value, not a row. */
const labelValue = /^[\p{L}][\p{L}\p{N} .#/()'-]{0,40}:\s*\S/u

/** A section read in order: its text, and the tables found among it. */
export type Segment = { kind: 'text'; lines: Line[] } | { kind: 'table'; table: Table }

/** A bullet, or an item or section number (`3.`, `b)`, `5.1`), set off from its text. */
const marker =
  /^\s*(?:[\u0080-\u009f•◦▪▫‣∙·●○■□☐☑☒✓✔➢➤►▶❖◆◇–*-]|[\uf000-\uf0ff]|\(?[\da-z]{1,3}[.)]|\d{1,2}(?:\.\d{1,2}){1,4}\.?)\s*$/u

/** `12`, `1,240.00`, `$4.20`, `-3`, `20%`, `3/4`, `(15.00)`. */
const numeric = /^[\p{Sc}]?\s?[-+(]?[\p{Sc}]?\d[\d.,:/%\s]*\)?\s?[\p{Sc}]?$/u

interface BandCells {
  band: Band
  cells: Line[]
  row: boolean
}

/**
 * The section as text and tables, top to bottom, or `undefined` when it holds no business table.
 * Every run of three rows or more that makes a grid of short cells is a table; the bands between
 * them (label lines, headings, prose) are text.
 */
export function borderlessTables(section: Section): Segment[] | undefined {
  const sizes = section.bands.flatMap((band) => band.lines.map((line) => line.size)).sort((a, b) => a - b)
  const body = sizes[Math.floor(sizes.length / 2)] ?? 0
  const bands: BandCells[] = section.bands.map((band) => {
    const cells = band.lines.flatMap((line) => splitLine(line, cellGap))
    const label = cells.length <= 2 && labelValue.test(cells.map((c) => c.text).join(' '))
    // A list item (a marker set off by a tab stop) or a heading (larger, or bold among plain rows) is not a row.
    const item = marker.test(cells[0]?.text ?? '')
    const heading = band.lines.some((line) => line.size > body * 1.15)
    return { band, cells, row: cells.length >= 2 && !label && !item && !heading }
  })
  const segments: Segment[] = []
  let text: Line[] = []
  let found = false
  for (let start = 0; start < bands.length;) {
    let end = start
    while (end < bands.length && bands[end]?.row) end++
    const table = end > start ? tableOf(bands.slice(start, end)) : undefined
    if (table) {
      if (text.length > 0) segments.push({ kind: 'text', lines: text })
      segments.push({ kind: 'table', table })
      text = []
      found = true
      start = end
    } else {
      const upTo = Math.max(end, start + 1)
      // Text side by side (two columns of prose, a form) is read column by column elsewhere.
      if (bands.slice(start, upTo).some((b) => b.band.lines.length > 1)) return undefined
      appendAll(
        text,
        bands.slice(start, upTo).flatMap((b) => b.band.lines),
      )
      start = upTo
    }
  }
  if (text.length > 0) segments.push({ kind: 'text', lines: text })
  return found ? segments : undefined
}

/** Rows that make a grid of short cells, as a table; else `undefined`. */
function tableOf(rows: BandCells[]): Table | undefined {
  if (rows.length < 3) return undefined
  const cells = rows.flatMap((row) => row.cells)
  const lengths = cells.map((cell) => cell.text.length).sort((a, b) => a - b)
  // Cells are short: prose set in two columns is not a table.
  if ((lengths[Math.floor(lengths.length / 2)] ?? 0) > 24) return undefined
  const cuts = textColumns(cells)
  if (cuts.length < 2) return undefined
  // Most rows fill at least half the columns: a grid, not scattered words.
  const columnOf = (cell: Line) => cuts.filter((cut) => cut < cell.x0).length
  const filled = rows.filter((row) => new Set(row.cells.map(columnOf)).size * 2 >= cuts.length + 1).length
  if (filled < rows.length * 0.6) return undefined
  // A business table counts something: a column of numbers (amounts, quantities, codes).
  const numbers = new Map<number, { numeric: number; all: number }>()
  for (const cell of cells) {
    const entry = numbers.get(columnOf(cell)) ?? { numeric: 0, all: 0 }
    entry.all++
    if (numeric.test(cell.text.trim())) entry.numeric++
    numbers.set(columnOf(cell), entry)
  }
  if (![...numbers.values()].some(({ numeric, all }) => numeric >= 3 && numeric >= all * 0.6)) return undefined
  const table = grid(cells, cuts, undefined)
  if (table.length < 3) return undefined
  const lines = rows.flatMap((row) => row.band.lines)
  return {
    rows: table,
    top: rows[0]?.band.top ?? 0,
    bottom: rows[rows.length - 1]?.band.bottom ?? 0,
    x0: least(lines.map((l) => l.x0)),
    x1: greatest(lines.map((l) => l.x1)),
  }
}
