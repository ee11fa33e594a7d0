import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import type { Reader } from '../reader.js'
import { child, childrenNamed, xmlText } from '../shared/xml-tree.js'
import { readOdfPackage } from '../odt/package.js'
import { least } from '../../arrays.js'

const LABEL = 'ODS'
/** Cells with a value kept per document, every sheet together (the XLSX reader's default bound); the rest is reported. */
const MAX_CELLS = 100_000
/** Widest row kept: a row of more columns is cut there. */
const MAX_COLUMNS = 1024

/**
 * OpenDocument spreadsheets, in the XLSX reader's shape (ADR 070): `## Sheet name`, then its cells
 * as one table whose first row with a value is the header; values as the sheet shows them (ODF
 * keeps the displayed text in each cell's paragraphs), merged cells as `colspan`/`rowspan`, empty
 * rows and columns left out, hidden sheets reported. Repeated rows and columns (`…-repeated`,
 * a million for a sheet's empty tail) are never expanded where they are empty.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readOds(bytes, context) }),
}

interface Cell {
  content: Node[]
  attributes: Record<string, string>
  empty: boolean
}

function readOds(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const format = { label: LABEL, remedy: 'save it again from LibreOffice Calc or Excel and re-upload' } as const
  return readOdfPackage(bytes, context, format, ({ part }) => {
    const content = child(part('content.xml'), 'office:document-content')
    const spreadsheet = child(child(content, 'office:body'), 'office:spreadsheet')
    if (spreadsheet === undefined)
      throw new ConversionInputError('the ODS file has no spreadsheet body (content.xml holds no office:spreadsheet)')
    const hidden = new Set(
      childrenNamed(child(content, 'office:automatic-styles'), 'style:style')
        .filter((style) => child(style, 'style:table-properties')?.attribs['table:display'] === 'false')
        .map((style) => style.attribs['style:name']),
    )
    const root = documentRoot()
    const budget = { cells: 0, cut: false }
    for (const sheet of childrenNamed(spreadsheet, 'table:table')) {
      context.signal?.throwIfAborted()
      const name = sheet.attribs['table:name'] ?? 'Sheet'
      if (hidden.has(sheet.attribs['table:style-name'])) {
        context.report.notKept('sheet-hidden', (n) => `${plural(n, 'hidden sheet')} left out (${name})`)
        continue
      }
      const rows = readRows(sheet, budget)
      appendNode(root, element('h2', {}, [name]))
      if (rows.length > 0) appendNode(root, table(rows))
    }
    if (budget.cut)
      context.report.notKept(
        'sheet-rows-cut',
        () => `cells past the first ${MAX_CELLS.toLocaleString('en')} with a value left out`,
      )
    return root
  })
}

function readRows(sheet: Element, budget: { cells: number; cut: boolean }): Cell[][] {
  const rows: Cell[][] = []
  const walk = (container: Element) => {
    for (const node of container.children) {
      if (!isElement(node) || budget.cut) continue
      if (
        node.name === 'table:table-header-rows' ||
        node.name === 'table:table-row-group' ||
        node.name === 'table:table-rows'
      )
        walk(node)
      else if (node.name === 'table:table-row') {
        const row = readRow(node)
        if (row.every((cell) => cell.empty)) continue
        const repeat = Math.max(1, Number.parseInt(node.attribs['table:number-rows-repeated'] ?? '1', 10) || 1)
        for (let i = 0; i < repeat && !budget.cut; i++) {
          budget.cells += row.filter((cell) => !cell.empty).length
          if (budget.cells > MAX_CELLS) budget.cut = true
          else rows.push(row)
        }
      }
    }
  }
  walk(sheet)
  // Leading empty columns left out, as the XLSX reader does.
  const first = least(rows.map((row) => row.findIndex((cell) => !cell.empty)).filter((i) => i >= 0))
  return Number.isFinite(first) && first > 0 ? rows.map((row) => row.slice(first)) : rows
}

/** A row's cells up to its last with a value; empty repeats are expanded only when a value follows them. */
function readRow(row: Element): Cell[] {
  const segments: Array<{ cell: Cell | undefined; repeat: number }> = []
  for (const node of row.children) {
    if (!isElement(node)) continue
    const repeat = Math.max(1, Number.parseInt(node.attribs['table:number-columns-repeated'] ?? '1', 10) || 1)
    if (node.name === 'table:covered-table-cell') segments.push({ cell: undefined, repeat })
    else if (node.name === 'table:table-cell') segments.push({ cell: readCell(node), repeat })
  }
  let last = segments.length - 1
  while (last >= 0 && (segments[last]?.cell?.empty ?? true)) last--
  const cells: Cell[] = []
  for (let i = 0; i <= last && cells.length < MAX_COLUMNS; i++) {
    const { cell, repeat } = segments[i] as { cell: Cell | undefined; repeat: number }
    for (let r = 0; r < repeat && cells.length < MAX_COLUMNS; r++) {
      // A covered cell is part of a merged one: a position, never written.
      cells.push(cell ?? { content: [], attributes: { covered: '' }, empty: true })
    }
  }
  return cells
}

function readCell(node: Element): Cell {
  const content: Node[] = []
  for (const paragraph of childrenNamed(node, 'text:p')) {
    if (content.length > 0) content.push(element('br'))
    content.push(xmlText(paragraph))
  }
  const attributes: Record<string, string> = {}
  const colspan = Number.parseInt(node.attribs['table:number-columns-spanned'] ?? '1', 10)
  const rowspan = Number.parseInt(node.attribs['table:number-rows-spanned'] ?? '1', 10)
  if (colspan > 1) attributes.colspan = String(Math.min(MAX_COLUMNS, colspan))
  if (rowspan > 1) attributes.rowspan = String(Math.min(65_534, rowspan))
  return { content, attributes, empty: content.every((c) => typeof c !== 'string' || c.trim() === '') }
}

function table(rows: Cell[][]): Element {
  const head = element('thead')
  const body = element('tbody')
  for (const [index, row] of rows.entries()) {
    const tr = element('tr')
    for (const cell of row) {
      if ('covered' in cell.attributes) continue
      appendNode(tr, element(index === 0 ? 'th' : 'td', cell.attributes, cell.content))
    }
    appendNode(index === 0 ? head : body, tr)
  }
  return element('table', {}, [head, body])
}
