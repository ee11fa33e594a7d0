import { appendNode, element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import { RT, type PptRecord, type PptStream } from './records.js'
import type { PptText } from './text.js'

/**
 * A table ([MS-PPT] 2.13: a group whose shape has `tableProperties`): its cells are the group's
 * text shapes, each placed by its child anchor (left, top, right, bottom); rows and columns are
 * the distinct edges, and a cell spanning several has `colspan`/`rowspan`. The first row is the
 * header, as PPTX's. A cell's texts are read by the slide's walk (`textsOfShape`). `undefined`
 * when no cell has an anchor: the group is then read as text.
 */
export function tableOf(
  stream: PptStream,
  group: PptRecord,
  textsOfShape: (shape: PptRecord) => PptText[],
): Element | undefined {
  const cells: Array<{ left: number; top: number; right: number; bottom: number; texts: PptText[] }> = []
  for (const shape of stream.children(group)) {
    if (shape.type !== RT.SpContainer) continue
    const parts = stream.children(shape)
    const anchor = parts.find((part) => part.type === RT.ChildAnchor)
    if (anchor === undefined || !parts.some((part) => part.type === RT.ClientTextbox)) continue
    cells.push({
      left: stream.i32(anchor.data, anchor),
      top: stream.i32(anchor.data + 4, anchor),
      right: stream.i32(anchor.data + 8, anchor),
      bottom: stream.i32(anchor.data + 12, anchor),
      texts: textsOfShape(shape),
    })
  }
  if (cells.length === 0) return undefined
  const columns = [...new Set(cells.map((cell) => cell.left))].sort((a, b) => a - b)
  const rows = [...new Set(cells.map((cell) => cell.top))].sort((a, b) => a - b)
  const span = (edges: number[], from: number, to: number) =>
    Math.max(1, edges.filter((e) => e >= from && e < to).length)
  const table = element('table')
  rows.forEach((top, index) => {
    const tr = element('tr')
    for (const cell of cells.filter((c) => c.top === top).sort((a, b) => a.left - b.left)) {
      const attributes: Record<string, string> = {}
      const colspan = span(columns, cell.left, cell.right)
      const rowspan = span(rows, cell.top, cell.bottom)
      if (colspan > 1) attributes.colspan = String(colspan)
      if (rowspan > 1) attributes.rowspan = String(rowspan)
      const td = element(index === 0 ? 'th' : 'td', attributes)
      const paragraphs = cell.texts.flatMap((text) => text.paragraphs).filter((p) => p.text.trim() !== '')
      paragraphs.forEach((paragraph, i) => {
        if (i > 0) appendNode(td, element('br'))
        paragraph.text.split('\n').forEach((line, j) => {
          if (j > 0) appendNode(td, element('br'))
          appendNode(td, line)
        })
      })
      appendNode(tr, td)
    }
    appendNode(table, tr)
  })
  return table
}
