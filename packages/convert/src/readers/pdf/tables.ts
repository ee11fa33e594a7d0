import { element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import type { Section } from './columns.js'
import { bandsOf, interiorGutters } from './columns.js'
import { inlineElement, joinWithSpaces, type Inline } from './inline.js'
import { splitLine, type Line } from './lines.js'
import { greatest, least } from '../../arrays.js'

/**
 * Tables set without rulings — a grid of short texts (aligned), a column of values beside prose
 * (narrow columns), a table of contents (dot leaders) — and what every PDF table is made of:
 * cells from lines, a grid from column and row cuts, and the tree's `table` from the grid.
 * Tables drawn with rulings: ruled-tables.ts.
 */

/** A table found on a page: its cells' content, row by row, and where it sits. */
export interface Table {
  rows: Inline[][]
  top: number
  bottom: number
  x0: number
  x1: number
}

/** A cell's content: its lines in reading order, joined by spaces. */
export const cellContent = (lines: Line[]): Inline =>
  joinWithSpaces(lines.sort((a, b) => a.y - b.y || a.x0 - b.x0).map((line) => line.inline))

/** Clustered positions: values closer than `tolerance` are one. */
export function clusters(values: number[], tolerance: number): number[] {
  const out: number[] = []
  for (const value of [...values].sort((a, b) => a - b))
    if (out.length === 0 || value - (out[out.length - 1] ?? 0) > tolerance) out.push(value)
  return out
}

/** Column boundaries from the text: x positions that no line in the rows covers. */
export function textColumns(lines: Line[]): number[] {
  const spans = lines.map((line) => [line.x0, line.x1] as const).sort((a, b) => a[0] - b[0])
  const cuts: number[] = []
  let right = Number.NEGATIVE_INFINITY
  for (const [x0, x1] of spans) {
    if (right !== Number.NEGATIVE_INFINITY && x0 - right >= 3) cuts.push((x0 + right) / 2)
    right = Math.max(right, x1)
  }
  return cuts
}

export function grid(lines: Line[], columnCuts: number[], rowCuts: number[] | undefined): Inline[][] {
  const bandOf = new Map<Line, number>()
  if (!rowCuts) bandsOf(lines).forEach((band, index) => band.lines.forEach((line) => bandOf.set(line, index)))
  const rowOf = (line: Line) => {
    if (rowCuts) {
      let index = 0
      while (index < rowCuts.length && line.y - line.size * 0.3 > (rowCuts[index] ?? Infinity)) index++
      return index
    }
    return bandOf.get(line) ?? 0
  }
  const columnOf = (line: Line) => {
    const center = line.x0 + Math.min(line.x1 - line.x0, 30) / 2
    let index = 0
    while (index < columnCuts.length && center > (columnCuts[index] ?? Infinity)) index++
    return index
  }
  const cells = new Map<string, Line[]>()
  let rowCount = 0
  for (const line of lines) {
    const key = `${rowOf(line)}:${columnOf(line)}`
    rowCount = Math.max(rowCount, rowOf(line) + 1)
    cells.set(key, [...(cells.get(key) ?? []), line])
  }
  const rows: Inline[][] = []
  for (let r = 0; r < rowCount; r++) {
    const row: Inline[] = []
    for (let c = 0; c <= columnCuts.length; c++) row.push(cellContent(cells.get(`${r}:${c}`) ?? []))
    if (row.some((cell) => cell.length > 0)) rows.push(row)
  }
  return rows
}

/**
 * A section whose free strips make a grid of short texts, not columns of prose: three columns or
 * more, or two whose lines are short and present in most rows.
 */
export function alignedTable(section: Section): Table | undefined {
  if (section.bands.length < 3) return undefined
  const gutters = interiorGutters(section)
  if (gutters.length === 0) return undefined
  const lines = section.bands.flatMap((band) => band.lines)
  const lengths = lines.map((line) => line.text.length).sort((a, b) => a - b)
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0
  const full = section.bands.filter((band) => band.lines.length >= gutters.length + 1).length
  const span = greatest(lines.map((l) => l.x1)) - least(lines.map((l) => l.x0))
  const widths = lines.map((line) => line.x1 - line.x0).sort((a, b) => a - b)
  const narrow = (widths[Math.floor(widths.length / 2)] ?? 0) < span * 0.22
  const tabular = narrow && full >= section.bands.length * 0.6 && (gutters.length >= 2 || median <= 25)
  if (!tabular) return undefined
  const rows = grid(
    lines,
    gutters.map(([l, r]) => (l + r) / 2),
    undefined,
  )
  if (rows.length < 3) return undefined
  return {
    rows,
    top: section.bands[0]?.top ?? 0,
    bottom: section.bands[section.bands.length - 1]?.bottom ?? 0,
    x0: least(lines.map((l) => l.x0)),
    x1: greatest(lines.map((l) => l.x1)),
  }
}

/** A table of the tree: the first row is the header (PDF tables do not say which rows are headers). */
export function tableElement(table: Table): Element {
  const width = greatest(table.rows.map((row) => row.length))
  return element(
    'table',
    {},
    table.rows.map((cells) =>
      element(
        'tr',
        {},
        Array.from({ length: width }, (_, i) => inlineElement('td', cells[i] ?? [])),
      ),
    ),
  )
}

/** A table-of-contents line: a title, dot leaders, a page number (arabic or roman). */
const leaders = /^(.*?\S)\s*(?:\.\s?){3,}\s*((?:\d{1,4}|[ivxlcdm]{1,7}))$/i

/** A contents entry's title and page as two cells, or `undefined` for other lines. */
export function leaderEntry(text: string): [Inline, Inline] | undefined {
  const match = leaders.exec(text.trim())
  return match ? [[match[1] ?? ''], [match[2] ?? '']] : undefined
}

/**
 * Columns of a few short values each ("*", "12.5") beside a column of text are the right-hand
 * cells of a table whose rows start in that text column (a borderless table set beside prose):
 * each value joins the text on its baseline as one row. Returns the columns without the lines
 * that went into tables, and each table with the index of the column it stands in.
 */
export function narrowColumnTables(columns: Line[][]): {
  columns: Line[][]
  tables: { column: number; table: Table }[]
} {
  const narrow = columns.map(
    (column) => column.length >= 3 && column.every((line) => line.x1 - line.x0 <= line.size * 7),
  )
  const out = columns.map((column) => [...column])
  const tables: { column: number; table: Table }[] = []
  for (let host = 0; host < columns.length; host++) {
    if (narrow[host]) continue
    const values: Line[][] = []
    for (let next = host + 1; next < columns.length && narrow[next]; next++) values.push(columns[next] ?? [])
    if (values.length === 0) continue
    const rowYs = clusters(
      values.flat().map((line) => line.y),
      3,
    )
    const sameRow = (line: Line, y: number) => Math.abs(line.y - y) <= line.size * 0.6
    const rows = rowYs.map((y) => ({
      y,
      head: (out[host] ?? []).filter((line) => sameRow(line, y)).sort((a, b) => a.x0 - b.x0),
      cells: values.map((column) => column.filter((line) => sameRow(line, y))),
    }))
    // One table per run of rows no farther apart than three times their usual pitch.
    const pitches = rows
      .slice(1)
      .map((row, i) => row.y - (rows[i]?.y ?? 0))
      .sort((a, b) => a - b)
    const pitch = pitches[Math.floor(pitches.length / 2)] ?? 0
    const runs: (typeof rows)[] = []
    for (const [i, row] of rows.entries()) {
      if (i === 0 || row.y - (rows[i - 1]?.y ?? 0) > pitch * 3) runs.push([])
      runs[runs.length - 1]?.push(row)
    }
    for (const run of runs) {
      if (run.length < 3) continue
      const heads = run.map((row) => row.head.flatMap((line) => splitLine(line, 0.8)))
      const width = greatest(heads.map((cells) => cells.length))
      const grid = run.map((row, i) => [
        ...Array.from({ length: width }, (_, c) =>
          heads[i]?.[heads[i].length - width + c] ? cellContent([heads[i][heads[i].length - width + c] as Line]) : [],
        ),
        ...row.cells.map((cells) => cellContent(cells)),
      ])
      const used = new Set(run.flatMap((row) => [...row.head, ...row.cells.flat()]))
      for (let c = host; c < host + values.length + 1; c++) out[c] = (out[c] ?? []).filter((line) => !used.has(line))
      const all = [...used]
      tables.push({
        column: host,
        table: {
          rows: grid,
          top: least(all.map((l) => l.y - l.size)),
          bottom: greatest(all.map((l) => l.y)),
          x0: least(all.map((l) => l.x0)),
          x1: greatest(all.map((l) => l.x1)),
        },
      })
    }
  }
  return { columns: out, tables }
}
