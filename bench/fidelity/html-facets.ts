import { Parser } from 'htmlparser2'
import { FacetCollector } from './facet-collector.js'
import type { Facets } from './facets.js'

/** Elements that start a new line when rendered: words on either side are separate. */
const blocks = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
])
const hidden = new Set(['script', 'style', 'template', 'head', 'title'])
const lists = new Set(['ul', 'ol', 'dl', 'menu'])

function span(value: string | undefined): number {
  const n = Number.parseInt(value ?? '1', 10)
  return Number.isFinite(n) && n > 1 ? Math.min(n, 100) : 1
}

/** Where a table's rows stand: merged cells still covering columns of the rows below. */
interface TableGrid {
  column: number
  /** Per column: the words of a cell spanning down into it, and how many more rows it covers. */
  below: Array<{ words: string[]; rows: number } | undefined>
  /** The cell being read: where it starts and how far it spans. */
  cell?: { column: number; columns: number; rows: number }
}

/** Reads on past the columns merged cells from rows above cover, their words read again there. */
function skipCovered(grid: TableGrid, collector: FacetCollector, until = Infinity): void {
  for (
    let covering = grid.below[grid.column];
    covering !== undefined && covering.rows > 0 && grid.column < until;
    covering = grid.below[grid.column]
  ) {
    collector.repeatWords(covering.words)
    covering.rows--
    grid.column++
  }
}

/**
 * Walks HTML found in Markdown (a raw `<table>`, an inline `<sub>`) into the collector. A table's
 * words are read in grid order, a merged cell once per position it covers — as a pipe table that
 * repeats merged cells reads — so the two forms of one table read alike.
 */
export function collectHtml(html: string, collector: FacetCollector): void {
  let hiddenDepth = 0
  const tables: TableGrid[] = []
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (hidden.has(name)) hiddenDepth++
        if (blocks.has(name)) collector.boundary()
        const grid = tables.at(-1)
        if (name === 'table') tables.push({ column: 0, below: [] })
        else if (name === 'tr' && grid) grid.column = 0
        if (/^h[1-6]$/.test(name)) collector.begin('heading')
        else if (name === 'td' || name === 'th') {
          const columns = span(attributes.colspan)
          const rows = span(attributes.rowspan)
          if (grid) {
            skipCovered(grid, collector)
            grid.cell = { column: grid.column, columns, rows }
          }
          collector.begin('cell', columns * rows)
        } else if (name === 'li' || name === 'dt' || name === 'dd') collector.begin('item')
        else if (lists.has(name)) collector.enterList()
        else if (name === 'a' && attributes.href !== undefined) collector.link(attributes.href)
        else if (name === 'img') collector.picture(attributes.alt ?? '')
      },
      ontext(text) {
        if (hiddenDepth === 0) collector.text(text)
      },
      onclosetag(name) {
        if (hidden.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1)
        if (blocks.has(name)) collector.boundary()
        const grid = tables.at(-1)
        if (name === 'table') tables.pop()
        else if (name === 'tr' && grid) {
          skipCovered(grid, collector)
          for (const covering of grid.below.slice(grid.column)) if (covering) covering.rows--
        }
        if (/^h[1-6]$/.test(name)) collector.end('heading')
        else if (name === 'td' || name === 'th') {
          const words = collector.end('cell')
          const cell = grid?.cell
          if (grid && cell) {
            for (let i = 1; i < cell.columns; i++) collector.repeatWords(words)
            for (let i = 0; i < cell.columns; i++)
              grid.below[cell.column + i] = cell.rows > 1 ? { words, rows: cell.rows - 1 } : undefined
            grid.column = cell.column + cell.columns
            grid.cell = undefined
          }
        } else if (name === 'li' || name === 'dt' || name === 'dd') collector.end('item')
        else if (lists.has(name)) collector.leaveList()
      },
      oncomment(comment) {
        if (/^\s*image\s*$/i.test(comment)) collector.picturePlaceholder()
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  )
  parser.write(html)
  parser.end()
}

/** The facets of a whole HTML document (a peer's HTML output), read as HTML inside Markdown is. */
export function htmlFacets(html: string): Facets {
  const collector = new FacetCollector()
  collectHtml(html, collector)
  return collector.done()
}
