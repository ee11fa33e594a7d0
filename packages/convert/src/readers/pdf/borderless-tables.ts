import type { Band, Section } from './columns.js'
import { splitLine, type Line } from './lines.js'
import { grid, textColumns, type Table } from './tables.js'

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
  const bands: BandCells[] = section.bands.map((band) => {
    const cells = band.lines.flatMap((line) => splitLine(line, cellGap))
    const label = cells.length <= 2 && labelValue.test(cells.map((c) => c.text).join(' '))
    return { band, cells, row: cells.length >= 2 && !label }
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
      text.push(...bands.slice(start, upTo).flatMap((b) => b.band.lines))
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
  const table = grid(cells, cuts, undefined)
  if (table.length < 3) return undefined
  const lines = rows.flatMap((row) => row.band.lines)
  return {
    rows: table,
    top: rows[0]?.band.top ?? 0,
    bottom: rows[rows.length - 1]?.band.bottom ?? 0,
    x0: Math.min(...lines.map((l) => l.x0)),
    x1: Math.max(...lines.map((l) => l.x1)),
  }
}
