import type { Section } from './columns.js'
import { bandsOf, interiorGutters } from './columns.js'
import type { Ruling } from './graphics.js'
import { splitLine, type Line } from './lines.js'

/** A table found on a page: its cells' Markdown, row by row, and where it sits. */
export interface Table {
  rows: string[][]
  top: number
  bottom: number
  x0: number
  x1: number
}

interface Region {
  x0: number
  x1: number
  top: number
  bottom: number
  horizontals: Ruling[]
  verticals: Ruling[]
}

const near = 2

/** Collinear pieces of one stroke (a ruling drawn cell by cell) as one ruling. */
function merged(rulings: Ruling[], horizontal: boolean): Ruling[] {
  const key = (r: Ruling) => (horizontal ? r.y0 : r.x0)
  const from = (r: Ruling) => (horizontal ? r.x0 : r.y0)
  const to = (r: Ruling) => (horizontal ? r.x1 : r.y1)
  const sorted = [...rulings].sort((a, b) => key(a) - key(b) || from(a) - from(b))
  const out: Ruling[] = []
  for (const r of sorted) {
    const last = out.find(
      (o) => Math.abs(key(o) - key(r)) <= near && from(r) <= to(o) + near && to(r) >= from(o) - near,
    )
    if (last) {
      if (horizontal) {
        last.x0 = Math.min(last.x0, r.x0)
        last.x1 = Math.max(last.x1, r.x1)
      } else {
        last.y0 = Math.min(last.y0, r.y0)
        last.y1 = Math.max(last.y1, r.y1)
      }
    } else out.push({ ...r })
  }
  return out
}

/** Groups of rulings that enclose one table: horizontal rules over the same width, and the verticals between them. */
function regionsOf(rulings: Ruling[]): Region[] {
  const horizontals = merged(
    rulings.filter((r) => r.y0 === r.y1),
    true,
  ).filter((r) => r.x1 - r.x0 >= 40)
  const verticals = merged(
    rulings.filter((r) => r.x0 === r.x1),
    false,
  )
  const regions: Region[] = []
  for (const rule of horizontals.sort((a, b) => a.y0 - b.y0)) {
    const region = regions.find((g) => {
      const overlap = Math.min(g.x1, rule.x1) - Math.max(g.x0, rule.x0)
      return overlap >= 0.6 * Math.min(g.x1 - g.x0, rule.x1 - rule.x0) && rule.y0 - g.bottom < 320
    })
    if (region) {
      region.horizontals.push(rule)
      region.x0 = Math.min(region.x0, rule.x0)
      region.x1 = Math.max(region.x1, rule.x1)
      region.bottom = Math.max(region.bottom, rule.y0)
    } else regions.push({ x0: rule.x0, x1: rule.x1, top: rule.y0, bottom: rule.y0, horizontals: [rule], verticals: [] })
  }
  for (const region of regions)
    region.verticals = verticals.filter(
      (v) =>
        v.x0 >= region.x0 - near &&
        v.x0 <= region.x1 + near &&
        Math.min(v.y1, region.bottom) - Math.max(v.y0, region.top) > 0.5 * (v.y1 - v.y0),
    )
  return regions
    .flatMap(splitAtOpenGaps)
    .filter((region) => region.horizontals.length >= 2 || region.verticals.length >= 2)
}

/**
 * A grid's rows are closed by its vertical rules; where no vertical rule crosses the space
 * between two horizontal ones, one table has ended and the next box (a code sample, another
 * table) begins. Regions ruled only across are left whole.
 */
function splitAtOpenGaps(region: Region): Region[] {
  if (region.verticals.length === 0) return [region]
  const rules = [...region.horizontals].sort((a, b) => a.y0 - b.y0)
  const parts: Ruling[][] = [[]]
  rules.forEach((rule, i) => {
    const previous = rules[i - 1]
    if (
      previous &&
      rule.y0 - previous.y0 > near &&
      !region.verticals.some((v) => v.y0 <= previous.y0 + near && v.y1 >= rule.y0 - near)
    )
      parts.push([])
    parts[parts.length - 1]?.push(rule)
  })
  return parts
    .filter((part) => part.length > 0)
    .map((part) => {
      const top = Math.min(...part.map((r) => r.y0))
      const bottom = Math.max(...part.map((r) => r.y0))
      return {
        x0: Math.min(...part.map((r) => r.x0)),
        x1: Math.max(...part.map((r) => r.x1)),
        top,
        bottom,
        horizontals: part,
        verticals: region.verticals.filter((v) => Math.min(v.y1, bottom) - Math.max(v.y0, top) > near),
      }
    })
}

const cellText = (lines: Line[]) =>
  lines
    .sort((a, b) => a.y - b.y || a.x0 - b.x0)
    .map((line) => line.markdown)
    .join(' ')
    .replace(/\|/g, '\\|')
    .trim()

/** Clustered positions: values closer than `tolerance` are one. */
function clusters(values: number[], tolerance: number): number[] {
  const out: number[] = []
  for (const value of [...values].sort((a, b) => a - b))
    if (out.length === 0 || value - (out[out.length - 1] ?? 0) > tolerance) out.push(value)
  return out
}

/** Column boundaries from the text: x positions that no line in the rows covers. */
function textColumns(lines: Line[]): number[] {
  const spans = lines.map((line) => [line.x0, line.x1] as const).sort((a, b) => a[0] - b[0])
  const cuts: number[] = []
  let right = Number.NEGATIVE_INFINITY
  for (const [x0, x1] of spans) {
    if (right !== Number.NEGATIVE_INFINITY && x0 - right >= 3) cuts.push((x0 + right) / 2)
    right = Math.max(right, x1)
  }
  return cuts
}

function grid(lines: Line[], columnCuts: number[], rowCuts: number[] | undefined): string[][] {
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
  const rows: string[][] = []
  for (let r = 0; r < rowCount; r++) {
    const row: string[] = []
    for (let c = 0; c <= columnCuts.length; c++) row.push(cellText(cells.get(`${r}:${c}`) ?? []))
    if (row.some((cell) => cell !== '')) rows.push(row)
  }
  return rows
}

/**
 * Tables drawn with rulings: the rules' region, columns from the vertical rules (or, for tables
 * ruled only across, from the gaps in the text), rows from the horizontal rules inside it (or
 * from the lines of text). Returns the tables and the lines they took.
 */
export function ruledTables(lines: Line[], rulings: Ruling[]): { tables: Table[]; used: Set<Line> } {
  const tables: Table[] = []
  const used = new Set<Line>()
  for (const region of regionsOf(rulings)) {
    const taken = lines.filter(
      (line) =>
        !used.has(line) &&
        line.y - line.size * 0.3 >= region.top - near &&
        line.y <= region.bottom + near &&
        line.x0 >= region.x0 - near &&
        line.x1 <= region.x1 + near,
    )
    // Cells closer together than a gutter are still apart by more than a word space.
    const inside = taken.flatMap((line) => splitLine(line, 0.6))
    // A box around code is a frame, not a table.
    if (inside.length < 2 || inside.every((line) => line.monospace)) continue
    const interiorVerticals = clusters(
      region.verticals.map((v) => v.x0).filter((x) => x > region.x0 + near * 2 && x < region.x1 - near * 2),
      near * 2,
    )
    // Rules only across (no verticals): two rules are as likely a footnote separator and a box; prose lines are not cells.
    if (
      interiorVerticals.length === 0 &&
      (region.horizontals.length < 3 || inside.some((line) => line.x1 - line.x0 > 0.6 * (region.x1 - region.x0)))
    )
      continue
    const columnCuts = interiorVerticals.length > 0 ? interiorVerticals : textColumns(inside)
    const interiorRules = clusters(
      region.horizontals
        .filter(
          (h) =>
            h.x1 - h.x0 >= 0.5 * (region.x1 - region.x0) && h.y0 > region.top + near && h.y0 < region.bottom - near,
        )
        .map((h) => h.y0),
      near,
    )
    const rowsFromRules = interiorRules.length >= 2 && interiorVerticals.length > 0
    const rows = grid(inside, columnCuts, rowsFromRules ? interiorRules : undefined)
    if (rows.length < 2 || columnCuts.length < 1) continue
    // Line art with labels (a drawing) makes a grid of mostly empty cells: not a table.
    const cells = rows.flat()
    if (cells.filter((cell) => cell !== '').length < cells.length * 0.35) continue
    for (const line of taken) used.add(line)
    tables.push({ rows, top: region.top, bottom: region.bottom, x0: region.x0, x1: region.x1 })
  }
  return { tables, used }
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
  const span = Math.max(...lines.map((l) => l.x1)) - Math.min(...lines.map((l) => l.x0))
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
    x0: Math.min(...lines.map((l) => l.x0)),
    x1: Math.max(...lines.map((l) => l.x1)),
  }
}

/** A table as GFM: the first row is the header (PDF tables do not say which rows are headers). */
export function tableMarkdown(table: Table): string {
  const width = Math.max(...table.rows.map((row) => row.length))
  const row = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] || ' ').join(' | ')} |`
  const [head = [], ...body] = table.rows
  return [row(head), `| ${Array.from({ length: width }, () => '---').join(' | ')} |`, ...body.map(row)].join('\n')
}

/** A table-of-contents line: a title, dot leaders, a page number (arabic or roman). */
const leaders = /^(.*?\S)\s*(?:\.\s?){3,}\s*((?:\d{1,4}|[ivxlcdm]{1,7}))$/i

/** A contents entry's title and page, or `undefined` for other lines. */
export function leaderEntry(markdown: string): [string, string] | undefined {
  const match = leaders.exec(markdown.trim())
  return match ? [(match[1] ?? '').replace(/\|/g, '\\|'), match[2] ?? ''] : undefined
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
      const width = Math.max(...heads.map((cells) => cells.length))
      const grid = run.map((row, i) => [
        ...Array.from({ length: width }, (_, c) =>
          heads[i]?.[heads[i].length - width + c] ? cellText([heads[i][heads[i].length - width + c] as Line]) : '',
        ),
        ...row.cells.map((cells) => cellText(cells)),
      ])
      const used = new Set(run.flatMap((row) => [...row.head, ...row.cells.flat()]))
      for (let c = host; c < host + values.length + 1; c++) out[c] = (out[c] ?? []).filter((line) => !used.has(line))
      const all = [...used]
      tables.push({
        column: host,
        table: {
          rows: grid,
          top: Math.min(...all.map((l) => l.y - l.size)),
          bottom: Math.max(...all.map((l) => l.y)),
          x0: Math.min(...all.map((l) => l.x0)),
          x1: Math.max(...all.map((l) => l.x1)),
        },
      })
    }
  }
  return { columns: out, tables }
}
