import Papa from 'papaparse'
import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document } from '../../tree/model.js'
import type { Reader } from '../reader.js'
import { SheetCells, sheetTable } from '../shared/sheet-table.js'
import { decodeDelimited } from './decode.js'

/** Bytes of a delimited file read at most: the cell bound is reached well before in any real table. */
const MAX_BYTES = 64 * 1024 * 1024
/** Excel's limit on a cell's text. */
const MAX_CELL_CHARS = 32_767

/**
 * CSV and TSV: one table, its first row the header, ragged rows kept (padded to the widest). The
 * character encoding is detected (decode.ts) and the dialect sniffed by Papa Parse — comma,
 * semicolon, tab or pipe, quoted fields with separators and line breaks inside. Rows past the
 * document's cell bound are left out and reported.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: readDelimited(bytes, context, false) }),
}

/** TSV: the same, tab-separated whatever the sniffing would guess. */
export const tsvReader: Reader = {
  read: async (bytes, context) => ({ tree: readDelimited(bytes, context, true) }),
}

function readDelimited(bytes: Uint8Array, context: ConversionContext, tabs: boolean): Document {
  const cut = bytes.length > MAX_BYTES
  const { text } = decodeDelimited(cut ? bytes.subarray(0, MAX_BYTES) : bytes)
  const cells = new SheetCells()
  let budget = context.limits.sheetMaxCells
  let row = 0
  let stopped = false
  let truncatedCells = 0
  Papa.parse<string[]>(text, {
    delimiter: tabs ? '\t' : '',
    delimitersToGuess: [',', ';', '\t', '|'],
    skipEmptyLines: 'greedy',
    step(results, parser) {
      if (budget <= 0) {
        stopped = true
        parser.abort()
        return
      }
      const fields = results.data
      for (let column = 0; column < fields.length; column++) {
        let value = (fields[column] as string).trim()
        if (value.length > MAX_CELL_CHARS) {
          value = value.slice(0, MAX_CELL_CHARS)
          truncatedCells++
        }
        cells.set(row, column, value)
      }
      budget -= Math.max(1, fields.length)
      row++
    },
  })
  if (truncatedCells > 0)
    context.report.notKept(
      'cell-text-cut',
      (n) => `${plural(n, 'cell')} cut at ${MAX_CELL_CHARS} characters`,
      truncatedCells,
    )
  const root = documentRoot()
  const table = sheetTable(cells)
  if (table !== undefined) appendNode(root, table)
  if (stopped || cut) {
    context.report.notKept(
      'sheet-rows-cut',
      () =>
        `rows after row ${row.toLocaleString('en')} left out (past the bound of ${context.limits.sheetMaxCells.toLocaleString('en')} cells or ${MAX_BYTES / 1048576} MB one conversion keeps)`,
    )
    appendNode(
      root,
      element('p', {}, [
        element('em', {}, [`Cut after row ${row.toLocaleString('en')}: the rest passes what one conversion keeps.`]),
      ]),
    )
  }
  context.progress(90)
  return root
}
