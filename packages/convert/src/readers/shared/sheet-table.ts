import { appendNode, element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'

/** A rectangle of merged cells, zero-based and inclusive. */
export interface MergedRange {
  top: number
  left: number
  bottom: number
  right: number
}

/**
 * One sheet's cells as read (row → column → the value as the sheet shows it), zero-based. Every
 * spreadsheet and delimited format fills one (XLSX, XLS, CSV; ODS can too) and {@link sheetTable}
 * makes the one table shape they share.
 */
export class SheetCells {
  readonly rows = new Map<number, Map<number, string>>()
  readonly merges: MergedRange[] = []
  count = 0

  set(row: number, column: number, value: string): void {
    if (value === '') return
    let cells = this.rows.get(row)
    if (cells === undefined) this.rows.set(row, (cells = new Map()))
    if (!cells.has(column)) this.count++
    cells.set(column, value)
  }
}

/**
 * The sheet as a table: empty rows and columns left out (leading, trailing and between), its first row the
 * header (GitHub tables have one; a sheet's first row is its labels far more often than not),
 * merged ranges as `colspan`/`rowspan` on their first cell — the writer keeps such a table as
 * HTML, since GitHub tables cannot say it. Ragged rows are padded to the widest. `undefined` for
 * a sheet with no value.
 */
export function sheetTable(sheet: SheetCells): Element | undefined {
  let top = Infinity
  let bottom = -1
  let left = Infinity
  let right = -1
  for (const [row, cells] of sheet.rows) {
    if (cells.size === 0) continue
    top = Math.min(top, row)
    bottom = Math.max(bottom, row)
    for (const column of cells.keys()) {
      left = Math.min(left, column)
      right = Math.max(right, column)
    }
  }
  if (bottom < 0) return undefined
  // Merged ranges within the kept rectangle, by their first cell; the cells they cover are not written.
  const spans = new Map<string, MergedRange>()
  const covered = new Set<string>()
  for (const range of sheet.merges) {
    const merged = {
      top: Math.max(range.top, top),
      left: Math.max(range.left, left),
      bottom: Math.min(range.bottom, bottom),
      right: Math.min(range.right, right),
    }
    if (merged.top > merged.bottom || merged.left > merged.right) continue
    if (merged.top === merged.bottom && merged.left === merged.right) continue
    if (covered.has(`${merged.top},${merged.left}`) || spans.has(`${merged.top},${merged.left}`)) continue
    spans.set(`${merged.top},${merged.left}`, merged)
    for (let r = merged.top; r <= merged.bottom; r++)
      for (let c = merged.left; c <= merged.right; c++)
        if (r !== merged.top || c !== merged.left) covered.add(`${r},${c}`)
  }
  // Rows and columns with nothing in them (and no merged range over them) are layout, not data.
  const usedRows = new Set<number>()
  const usedColumns = new Set<number>()
  for (const [row, cells] of sheet.rows) {
    if (cells.size > 0) usedRows.add(row)
    for (const column of cells.keys()) usedColumns.add(column)
  }
  for (const range of spans.values()) {
    for (let r = range.top; r <= range.bottom; r++) usedRows.add(r)
    for (let c = range.left; c <= range.right; c++) usedColumns.add(c)
  }
  const rows = [...usedRows].filter((r) => r >= top && r <= bottom).sort((a, b) => a - b)
  const columns = [...usedColumns].filter((c) => c >= left && c <= right).sort((a, b) => a - b)
  const head = element('thead')
  const body = element('tbody')
  for (const r of rows) {
    const cells = sheet.rows.get(r)
    const tr = element('tr')
    for (const c of columns) {
      const key = `${r},${c}`
      if (covered.has(key)) continue
      const attributes: Record<string, string> = {}
      const range = spans.get(key)
      if (range !== undefined) {
        // Every row and column a range covers is kept (they are in use), so its span is its size.
        if (range.right > range.left) attributes.colspan = String(range.right - range.left + 1)
        if (range.bottom > range.top) attributes.rowspan = String(range.bottom - range.top + 1)
      }
      const value = cells?.get(c) ?? ''
      const cell = element(r === top ? 'th' : 'td', attributes)
      // A line break inside a cell (Alt+Enter, a quoted CSV field) stays one.
      value.split(/\r\n|\n|\r/).forEach((line, i) => {
        if (i > 0) appendNode(cell, element('br'))
        appendNode(cell, line)
      })
      appendNode(tr, cell)
    }
    appendNode(r === top ? head : body, tr)
  }
  return element('table', {}, body.children.length > 0 ? [head, body] : [head])
}
