import { appendNode } from '../../tree/build.js'
import { PAGE, type Element } from '../../tree/model.js'
import { isElement, textOf } from '../../tree/query.js'
import { greatest } from '../../arrays.js'

const rowsOf = (table: Element) => table.children.filter((row): row is Element => isElement(row) && row.name === 'tr')
const width = (table: Element) =>
  Math.max(0, greatest(rowsOf(table).map((row) => row.children.filter(isElement).length)))
const rowText = (row: Element) =>
  row.children
    .filter(isElement)
    .map((cell) => textOf(cell).trim())
    .join('\u0000')

/**
 * A table continued on the next page is one table (ADR 083): when a page's first block is a table
 * with as many columns as the table that ended the page before, its rows join that table — less
 * a first row that repeats the table's header, as printed tables repeat it on every page.
 * `from` is the index of the page's first block in `root`.
 */
export function joinContinuedTable(root: Element, from: number): void {
  let previous: Element | undefined
  for (let i = from - 1; i >= 0; i--) {
    const node = root.children[i]
    if (isElement(node) && node.name === PAGE) continue
    previous = isElement(node) && node.name === 'table' ? node : undefined
    break
  }
  let first = from
  while (
    first < root.children.length &&
    isElement(root.children[first]) &&
    (root.children[first] as Element).name === PAGE
  )
    first++
  const next = root.children[first]
  if (!previous || !isElement(next) || next.name !== 'table' || width(next) !== width(previous)) return
  const rows = rowsOf(next)
  const header = rowsOf(previous)[0]
  const repeated = header !== undefined && rows[0] !== undefined && rowText(rows[0]) === rowText(header)
  for (const row of repeated ? rows.slice(1) : rows) appendNode(previous, row)
  root.children.splice(first, 1)
}
