import { rawHtml } from './raw-html.js'
import type { BlockWriter } from './writing.js'
import type { Element } from '../tree/model.js'
import { childElements, isElement } from '../tree/query.js'

/**
 * Tables: a GitHub table when GitHub can say it — one header row, no merged cells, text-level
 * content in every cell (line breaks and `<div>` boundaries become `<br>`) — and otherwise the
 * table as clean HTML inside the Markdown, with its colspan and rowspan, nested tables and lists
 * kept. Each table's cells are looked at once to choose, once to write: linear in the table.
 */

const sections = new Set(['thead', 'tbody', 'tfoot'])
/** Content a GitHub cell cannot hold. */
const blockInCell = new Set([
  'table',
  'ul',
  'ol',
  'dl',
  'menu',
  'pre',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'li',
  'figure',
])

/** The table's own rows (not those of tables inside its cells), and whether each sits in a `<thead>`. */
function ownRows(table: Element): Array<{ row: Element; head: boolean }> {
  const rows: Array<{ row: Element; head: boolean }> = []
  for (const child of childElements(table)) {
    if (child.name === 'tr') rows.push({ row: child, head: false })
    else if (sections.has(child.name))
      for (const row of childElements(child)) if (row.name === 'tr') rows.push({ row, head: child.name === 'thead' })
  }
  return rows
}

const cellsOf = (row: Element) => childElements(row).filter((cell) => cell.name === 'td' || cell.name === 'th')

function span(value: string | undefined): number {
  const n = Number.parseInt(value ?? '1', 10)
  return Number.isFinite(n) && n > 1 ? n : 1
}

/** Whether a cell holds only text-level content (at most one paragraph). */
function textLevelCell(cell: Element): boolean {
  let paragraphs = 0
  const stack: Element[] = [cell]
  while (stack.length > 0) {
    const element = stack.pop() as Element
    for (const child of element.children) {
      if (!isElement(child)) continue
      if (blockInCell.has(child.name)) return false
      if (child.name === 'p' && ++paragraphs > 1) return false
      if (
        child.name === 'span' &&
        /\bmath\b/.test(child.attribs.class ?? '') &&
        /\bdisplay\b/.test(child.attribs.class ?? '')
      )
        return false
      stack.push(child)
    }
  }
  return true
}

const borders: Record<string, string> = { left: ':---', right: '---:', center: ':---:' }

function alignmentOf(cell: Element | undefined): string {
  if (cell === undefined) return '---'
  const value = (
    cell.attribs.align ??
    /text-align\s*:\s*(left|right|center)/i.exec(cell.attribs.style ?? '')?.[1] ??
    ''
  ).toLowerCase()
  return borders[value] ?? '---'
}

/** A GitHub cell: `|` escaped, no line breaks, `<br>` only between words. */
function gfmCell(cell: Element, writer: BlockWriter): string {
  return writer
    .inlineChildren(cell, 'cell')
    .replace(/\n/g, ' ')
    .replace(/\s*(<br>\s*)+/g, '<br>')
    .replace(/^(<br>|\s)+|(<br>|\s)+$/g, '')
    .replace(/ {2,}/g, ' ')
    .replace(/\|/g, '\\|')
}

/** A table that only lays out one cell is no table: its content is written as blocks. */
function isLayoutOnly(rows: Array<{ row: Element }>): boolean {
  return rows.length === 1 && cellsOf((rows[0] as { row: Element }).row).length <= 1
}

export function tableToMarkdown(table: Element, writer: BlockWriter): string[] {
  const rows = ownRows(table)
  const caption = childElements(table).find((child) => child.name === 'caption')
  const captionText = caption ? writer.inlineChildren(caption, 'flat').trim() : ''
  if (rows.length === 0 || isLayoutOnly(rows)) {
    const cell = rows[0] && cellsOf(rows[0].row)[0]
    return [...(captionText ? [captionText] : []), ...(cell ? writer.blocks(cell) : [])]
  }
  const grid = rows.map(({ row, head }) => ({ cells: cellsOf(row), head }))
  const headRows = grid.filter((row) => row.head).length
  const gfm =
    headRows <= 1 &&
    (headRows === 0 || (grid[0] as { head: boolean }).head) &&
    grid.every(({ cells }) =>
      cells.every(
        (cell) => span(cell.attribs.colspan) === 1 && span(cell.attribs.rowspan) === 1 && textLevelCell(cell),
      ),
    )
  const columns = grid.reduce((most, { cells }) => Math.max(most, cells.length), 0)
  const cellCount = grid.reduce((sum, { cells }) => sum + cells.length, 0)
  if (cellCount === 0) return captionText ? [captionText] : []
  // A ragged table (one long row over many short ones) padded to a grid could grow without bound: HTML needs no padding.
  if (!gfm || columns * grid.length > 2 * cellCount + 64) return [rawHtml(table, writer)]
  writer.context.report.found('tables')
  const line = (cells: string[]) => `| ${Array.from({ length: columns }, (_, i) => cells[i] ?? '').join(' | ')} |`
  // GitHub needs a header: a table without one (as from Word) uses its first row, as docling and pandoc read it.
  const [header, ...body] = grid as [(typeof grid)[number], ...typeof grid]
  const lines = [
    line(header.cells.map((cell) => gfmCell(cell, writer))),
    `| ${Array.from({ length: columns }, (_, i) => alignmentOf(header.cells[i])).join(' | ')} |`,
  ]
  for (const row of body) lines.push(line(row.cells.map((cell) => gfmCell(cell, writer))))
  return [...(captionText ? [captionText] : []), lines.join('\n')]
}
