import type { Line } from './lines.js'
import { greatest, least } from '../../arrays.js'

/** Lines whose vertical extents overlap: one row of the page, possibly across columns. */
export interface Band {
  lines: Line[]
  top: number
  bottom: number
}

/** Consecutive bands that share the same gutters: one column layout (or one table). */
export interface Section {
  bands: Band[]
  /** Free vertical strips between the section's columns, as [left, right]. */
  gutters: [number, number][]
}

/** The narrowest gap between two columns, in points. */
const narrowestGutter = 7

const extent = (line: Line) => [line.y - line.size * 0.75, line.y + line.size * 0.2] as const

/** The page's lines as bands, top to bottom. */
export function bandsOf(lines: Line[]): Band[] {
  const sorted = [...lines].sort((a, b) => extent(a)[0] - extent(b)[0])
  const bands: Band[] = []
  for (const line of sorted) {
    const [top, bottom] = extent(line)
    const last = bands[bands.length - 1]
    if (last && top < last.bottom) {
      last.lines.push(line)
      last.bottom = Math.max(last.bottom, bottom)
    } else bands.push({ lines: [line], top, bottom })
  }
  for (const band of bands) band.lines.sort((a, b) => a.x0 - b.x0)
  return bands
}

/** Strips of [left, right] not covered by any of the band's lines. */
function freeStrips(band: Band, left: number, right: number): [number, number][] {
  const strips: [number, number][] = []
  let at = left
  for (const line of band.lines) {
    if (line.x0 - at >= narrowestGutter) strips.push([at, line.x0])
    at = Math.max(at, line.x1)
  }
  if (right - at >= narrowestGutter) strips.push([at, right])
  return strips
}

function intersect(a: [number, number][], b: [number, number][]): [number, number][] {
  const out: [number, number][] = []
  for (const [l1, r1] of a)
    for (const [l2, r2] of b) {
      const l = Math.max(l1, l2)
      const r = Math.min(r1, r2)
      if (r - l >= narrowestGutter) out.push([l, r])
    }
  return out
}

/**
 * Sections of a page: runs of bands that keep a common free strip between their lines. A
 * heading across both columns ends a two-column section; a short last line does not start one
 * (a section needs three bands before its strips count as gutters, see {@link columnsOf}).
 */
export function sectionsOf(bands: Band[], left: number, right: number): Section[] {
  const sections: Section[] = []
  for (const band of bands) {
    const strips = freeStrips(band, left, right)
    const current = sections[sections.length - 1]
    if (current) {
      const common = intersect(current.gutters, strips)
      const interior = common.filter(([l, r]) => l > left + 1 && r < right - 1)
      if (interior.length > 0 || (current.gutters.length === 0 && strips.length === 0)) {
        current.bands.push(band)
        current.gutters = common
        continue
      }
    }
    sections.push({ bands: [band], gutters: strips })
  }
  return sections
}

/** The interior gutters of a section (strips with text on both sides), left to right. */
export function interiorGutters(section: Section): [number, number][] {
  const lines = section.bands.flatMap((band) => band.lines)
  const left = least(lines.map((line) => line.x0))
  const right = greatest(lines.map((line) => line.x1))
  return section.gutters.filter(([l, r]) => l > left && r < right).sort((a, b) => a[0] - b[0])
}

/**
 * A section's lines in reading order: column by column (right to left on right-to-left pages),
 * each top to bottom. A section of fewer than three bands is read row by row.
 */
export function columnsOf(section: Section, rtl: boolean): Line[][] {
  const lines = section.bands.flatMap((band) => band.lines)
  const found = section.bands.length >= 3 ? interiorGutters(section) : []
  // Columns of prose fill their width; short pieces side by side (a form's labels and values) are read row by row.
  const span = greatest(lines.map((line) => line.x1)) - least(lines.map((line) => line.x0))
  const widths = lines.map((line) => line.x1 - line.x0).sort((a, b) => a - b)
  const prose = (widths[Math.floor(widths.length * 0.75)] ?? 0) >= (0.6 * span) / (found.length + 1)
  const gutters = prose ? found : []
  if (gutters.length === 0) return [section.bands.flatMap((band) => (rtl ? [...band.lines].reverse() : band.lines))]
  const columns: Line[][] = Array.from({ length: gutters.length + 1 }, () => [])
  for (const line of lines) {
    let index = 0
    while (index < gutters.length && line.x0 >= (gutters[index]?.[1] ?? Infinity) - 1) index++
    columns[index]?.push(line)
  }
  const ordered = columns.filter((column) => column.length > 0).map((column) => column.sort((a, b) => a.y - b.y))
  return rtl ? ordered.reverse() : ordered
}
