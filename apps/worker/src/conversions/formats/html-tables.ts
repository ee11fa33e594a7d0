/// <reference lib="dom" />
import type TurndownService from 'turndown'

/**
 * GitHub tables for turndown, in time linear in the table's size. They replace the table rules
 * of `@joplin/turndown-plugin-gfm` (its strikethrough, task list and code rules stay), which
 * re-read `table.rows` — a live list the DOM rebuilds on every access — once per row and per
 * column: 80 KB of rows took eight minutes. Here each table is measured once (its rows, column
 * count, column alignments and every cell's position) and the rules only look things up.
 */

interface TableShape {
  /** Cells render as paragraphs: a single cell, or a table holding another table. */
  skip: boolean
  /** Lists, headings, rules, quotes or code blocks cannot live in a GitHub table: kept as HTML. */
  keepHtml: boolean
  columns: number
  alignments: string[]
}

const shapes = new WeakMap<Element, TableShape>()
const cellIndex = new WeakMap<Node, number>()

const blockInCell = 'ul, ol, h1, h2, h3, h4, h5, h6, hr, blockquote, pre'
const borders: Record<string, string> = { left: ':---', right: '---:', center: ':---:' }

function ownRows(table: Element): Element[] {
  const rows: Element[] = []
  for (const child of Array.from(table.children)) {
    if (child.nodeName === 'TR') rows.push(child)
    else if (child.nodeName === 'THEAD' || child.nodeName === 'TBODY' || child.nodeName === 'TFOOT') {
      for (const row of Array.from(child.children)) if (row.nodeName === 'TR') rows.push(row)
    }
  }
  return rows
}

function alignmentOf(cell: Node | undefined): string {
  if (cell === undefined || cell.nodeType !== 1) return ''
  const element = cell as HTMLElement
  return (element.getAttribute('align') || element.style?.textAlign || '').toLowerCase()
}

function shapeOf(table: Element): TableShape {
  let shape = shapes.get(table)
  if (shape !== undefined) return shape
  const rows = ownRows(table)
  let columns = 0
  const votes: Array<Record<string, number>> = []
  for (const row of rows) {
    const cells = row.childNodes
    columns = Math.max(columns, cells.length)
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] as Node
      cellIndex.set(cell, i)
      const column = (votes[i] ??= {})
      const alignment = alignmentOf(cell)
      column[alignment] = (column[alignment] ?? 0) + 1
    }
  }
  // The alignment most cells of a column agree on (ties: the first seen, as the plugin did).
  const alignments = votes.map((column) => Object.entries(column).reduce((best, entry) => (entry[1] > best[1] ? entry : best), ['', 0] as [string, number])[0])
  shape = {
    skip: rows.length === 0 || (rows.length === 1 && (rows[0] as Element).childNodes.length <= 1) || // domino answers `undefined`, not `null`, when nothing matches.
      Boolean(table.querySelector('table')),
    keepHtml: Boolean(table.querySelector(blockInCell)),
    columns,
    alignments,
  }
  shapes.set(table, shape)
  return shape
}

function parentTable(node: Node): Element | null {
  for (let parent = node.parentNode; parent !== null; parent = parent.parentNode) if (parent.nodeName === 'TABLE') return parent as Element
  return null
}

function cell(content: string, index: number, colspan = 1): string {
  let text = content.trim().replace(/\n\r/g, '<br>').replace(/\n/g, '<br>').replace(/\|+/g, '\\|')
  while (text.length < 3) text += ' '
  for (let i = 1; i < colspan; i++) text += ' |    '
  return `${index === 0 ? '| ' : ' '}${text} |`
}

function colspanOf(node: Node | undefined): number {
  const value = node?.nodeType === 1 ? Number((node as Element).getAttribute('colspan') ?? 1) : 1
  return Number.isInteger(value) && value > 1 ? Math.min(value, 1000) : 1
}

function isHeadingRow(row: Element): boolean {
  const parent = row.parentNode as Element
  if (parent.nodeName === 'THEAD') return true
  if (parent.firstChild !== row) return false
  const previous = parent.previousSibling
  const firstSection = parent.nodeName === 'TABLE' || (parent.nodeName === 'TBODY' && (!previous || (previous.nodeName === 'THEAD' && !previous.textContent?.trim())))
  return firstSection && Array.prototype.every.call(row.childNodes, (n: Node) => n.nodeName === 'TH')
}

export function gfmTables(service: TurndownService): void {
  service.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement: (content, node) => {
      const table = parentTable(node)
      if (table === null || shapeOf(table).skip) return content
      return cell(content, cellIndex.get(node) ?? 0, colspanOf(node))
    },
  })
  service.addRule('tableRow', {
    filter: 'tr',
    replacement: (content, node) => {
      const table = parentTable(node)
      if (table === null) return content
      const shape = shapeOf(table)
      if (shape.skip) return content
      if (!isHeadingRow(node as Element)) return `\n${content}`
      let divider = ''
      for (let i = 0; i < shape.columns; i++) divider += cell(borders[shape.alignments[i] ?? ''] ?? '---', i, colspanOf(node.childNodes[i]))
      return `\n${content}\n${divider}`
    },
  })
  service.addRule('table', {
    filter: 'table',
    replacement: (content, node) => {
      const table = node as HTMLTableElement
      const shape = shapeOf(table)
      if (shape.keepHtml && !shape.skip) return `\n\n${table.outerHTML}\n\n`
      if (shape.skip) return content
      const body = content.replace(/\n+/g, '\n').trim()
      const secondLine = body.split('\n', 2)[1] ?? ''
      let header = ''
      if (shape.columns > 0 && !/\| :?---/.test(secondLine)) {
        header = `|${'     |'.repeat(shape.columns)}\n|`
        for (let i = 0; i < shape.columns; i++) header += ` ${borders[shape.alignments[i] ?? ''] ?? '---'} |`
        header += '\n'
      }
      const caption = table.querySelector('caption')?.textContent?.trim()
      return `\n\n${caption ? `${caption}\n\n` : ''}${header}${body}\n\n`
    },
  })
  service.addRule('tableSection', { filter: ['thead', 'tbody', 'tfoot'], replacement: (content) => content })
  service.addRule('tableCaption', { filter: ['caption'], replacement: () => '' })
  service.addRule('tableColumns', { filter: ['colgroup', 'col'], replacement: () => '' })
}
