import { child, toggle, valueOf } from './xml.js'
import { appendNode, element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'

/**
 * A Word table as an HTML table: `w:gridSpan` becomes colspan, a `w:vMerge` run of cells one
 * cell with a rowspan, header rows (`w:tblHeader`) a `<thead>`. `readCell` writes a cell's
 * blocks (paragraphs, lists, nested tables) into the cell element. A row deleted as a tracked
 * change is left out (Word's "accept all"), and `onDeletedRow` told.
 */
export function readTable(
  tbl: Element,
  readCell: (tc: Element, cell: Element) => void,
  onDeletedRow: () => void,
): Element {
  const head = element('thead')
  const body = element('tbody')
  /** The cell that starts a vertical merge, by grid column, while the merge runs. */
  const merging = new Map<number, Element>()
  let inHead = true
  for (const tr of rowsOf(tbl)) {
    const trPr = child(tr, 'w:trPr')
    if (child(trPr, 'w:del') !== undefined) {
      onDeletedRow()
      continue
    }
    const isHeader = inHead && toggle(trPr, 'w:tblHeader') === true
    if (!isHeader) inHead = false
    const row = element('tr')
    let column = Number.parseInt(valueOf(trPr, 'w:gridBefore') ?? '0', 10) || 0
    for (const tc of cellsOf(tr)) {
      const tcPr = child(tc, 'w:tcPr')
      const span = Math.max(1, Math.min(1000, Number.parseInt(valueOf(tcPr, 'w:gridSpan') ?? '1', 10) || 1))
      const vMerge = child(tcPr, 'w:vMerge')
      const merge = vMerge === undefined ? undefined : (vMerge.attribs['w:val'] ?? 'continue')
      const above = merging.get(column)
      if (merge === 'continue' && above !== undefined) {
        above.attribs.rowspan = String((Number(above.attribs.rowspan ?? '1') || 1) + 1)
        column += span
        continue
      }
      const cell = element(isHeader ? 'th' : 'td', span > 1 ? { colspan: String(span) } : {})
      readCell(tc, cell)
      unwrapSingleParagraph(cell)
      appendNode(row, cell)
      for (let c = column; c < column + span; c++) merging.delete(c)
      if (merge === 'restart') merging.set(column, cell)
      column += span
    }
    appendNode(isHeader ? head : body, row)
  }
  const table = element('table')
  if (head.children.length > 0) appendNode(table, head)
  appendNode(table, body)
  return table
}

/** Rows of a table, including those wrapped in content controls or tracked insertions. */
function rowsOf(tbl: Element): Element[] {
  const rows: Element[] = []
  const visit = (container: Element, depth: number) => {
    for (const node of container.children) {
      if (!isElement(node)) continue
      if (node.name === 'w:tr') rows.push(node)
      else if (
        depth < 4 &&
        (node.name === 'w:sdt' || node.name === 'w:sdtContent' || node.name === 'w:customXml' || node.name === 'w:ins')
      )
        visit(node, depth + 1)
    }
  }
  visit(tbl, 0)
  return rows
}

function cellsOf(tr: Element): Element[] {
  const cells: Element[] = []
  const visit = (container: Element, depth: number) => {
    for (const node of container.children) {
      if (!isElement(node)) continue
      if (node.name === 'w:tc') cells.push(node)
      else if (depth < 4 && (node.name === 'w:sdt' || node.name === 'w:sdtContent' || node.name === 'w:customXml'))
        visit(node, depth + 1)
    }
  }
  visit(tr, 0)
  return cells
}

/** A cell of one paragraph holds its text directly, so the writer can write a GitHub cell. */
function unwrapSingleParagraph(cell: Element): void {
  if (cell.children.length !== 1) return
  const only = cell.children[0]
  if (!isElement(only) || only.name !== 'p') return
  cell.children = []
  for (const node of only.children) appendNode(cell, node)
}
