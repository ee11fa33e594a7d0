import type { Ruling } from './graphics.js'
import { splitLine, type Line } from './lines.js'
import { clusters, grid, textColumns, type Table } from './tables.js'
import { greatest, least } from '../../arrays.js'

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
      const top = least(part.map((r) => r.y0))
      const bottom = greatest(part.map((r) => r.y0))
      return {
        x0: least(part.map((r) => r.x0)),
        x1: greatest(part.map((r) => r.x1)),
        top,
        bottom,
        horizontals: part,
        verticals: region.verticals.filter((v) => Math.min(v.y1, bottom) - Math.max(v.y0, top) > near),
      }
    })
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
    if (cells.filter((cell) => cell.length > 0).length < cells.length * 0.35) continue
    for (const line of taken) used.add(line)
    tables.push({ rows, top: region.top, bottom: region.bottom, x0: region.x0, x1: region.x1 })
  }
  return { tables, used }
}
