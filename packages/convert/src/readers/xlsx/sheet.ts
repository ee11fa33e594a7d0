import { SheetCells } from '../shared/sheet-table.js'
import { readSax } from '../shared/sax.js'
import type { ZipPackage } from '../shared/zip.js'
import { cellAddress, formatNumber, rangeAddress } from './cells.js'
import type { Workbook } from './workbook.js'

/** Excel's own limit on a cell's text; past it a cell is not one a person typed. */
const MAX_CELL_CHARS = 32_767

/** What reading one sheet gave: its cells, and what it could not keep. */
export interface SheetRead {
  cells: SheetCells
  /** The last row read when the bound stopped the read (one-based), or `undefined` when it was read whole. */
  cutAfterRow: number | undefined
  /** The sheet's extent as it declares it (`<dimension ref="A1:D1000000">`): its last row, one-based. */
  declaredRows: number | undefined
  /** Formulas with no cached result (the file was written by a program that does not calculate). */
  formulasWithoutResult: number
}

/**
 * Streams one worksheet part: cells are formatted as they arrive and the read stops once the
 * document's cell budget is spent (a row at a time: a row is never cut), so what a sheet of a
 * million rows costs is what the bound keeps — neither the part nor its rows are ever held whole.
 * Merged ranges come after the cells in the part: a sheet cut short keeps none it did not reach.
 */
export async function readSheet(
  zip: ZipPackage,
  part: string,
  workbook: Workbook,
  budget: { cells: number },
  signal: AbortSignal | undefined,
): Promise<SheetRead> {
  const cells = new SheetCells()
  const read: SheetRead = { cells, cutAfterRow: undefined, declaredRows: undefined, formulasWithoutResult: 0 }
  let row = -1
  let column = -1
  let type = ''
  let style = 0
  let value: string | undefined
  let formula = false
  let inValue = false
  let inInline = 0
  let inText = false
  let phonetic = 0
  let rowCells = 0
  let hollowRows = 0
  const finish = () => {
    let shown: string | undefined
    if (value !== undefined) {
      switch (type) {
        case 's':
          shown = workbook.sharedStrings[Number(value)] ?? ''
          break
        case 'b':
          shown = value.trim() === '1' ? 'TRUE' : 'FALSE'
          break
        case 'str':
        case 'inlineStr':
        case 'e':
          shown = value
          break
        case 'd':
          shown = value.replace(/T00:00:00(\.0+)?Z?$/, '')
          break
        default: {
          const number = Number(value)
          shown = Number.isFinite(number)
            ? formatNumber(number, workbook.formats[style] ?? 'General', workbook.date1904)
            : value
        }
      }
    } else if (formula) read.formulasWithoutResult++
    if (shown !== undefined && shown !== '') {
      cells.set(row, column, shown)
      budget.cells--
    }
  }
  await readSax(
    zip.stream(part),
    (reader) => ({
      open(tag, attributes) {
        if (reader.stopped) return
        switch (tag) {
          case 'dimension': {
            const range = rangeAddress(attributes.ref ?? '')
            if (range !== undefined) read.declaredRows = range.bottom + 1
            break
          }
          case 'row': {
            if (budget.cells <= 0) {
              read.cutAfterRow = row + 1
              reader.stop()
              return
            }
            const number = Number(attributes.r)
            row = Number.isInteger(number) && number > 0 ? number - 1 : row + 1
            column = -1
            rowCells = budget.cells
            break
          }
          case 'c': {
            const address = cellAddress(attributes.r ?? '')
            column = address?.column ?? column + 1
            if (address !== undefined) row = address.row
            type = attributes.t ?? 'n'
            style = Number(attributes.s ?? 0) || 0
            value = undefined
            formula = false
            break
          }
          case 'v':
            inValue = true
            value = ''
            break
          case 'f':
            formula = true
            break
          case 'is':
            inInline++
            value ??= ''
            break
          case 'rPh':
            phonetic++
            break
          case 't':
            if (inInline > 0 && phonetic === 0) inText = true
            break
          case 'mergeCell': {
            const range = rangeAddress(attributes.ref ?? '')
            if (range !== undefined) cells.merges.push(range)
            break
          }
        }
      },
      close(tag) {
        if (reader.stopped) return
        switch (tag) {
          case 'row':
            // A row without values costs too: a million of them is still a million rows to walk.
            if (rowCells === budget.cells && ++hollowRows % 100 === 0) budget.cells--
            break
          case 'v':
            inValue = false
            break
          case 'is':
            inInline--
            break
          case 'rPh':
            phonetic--
            break
          case 't':
            inText = false
            break
          case 'c':
            finish()
            break
        }
      },
      text(text) {
        if (reader.stopped || !(inValue || inText) || value === undefined) return
        if (value.length < MAX_CELL_CHARS) value += text.slice(0, MAX_CELL_CHARS - value.length)
      },
    }),
    signal,
  )
  return read
}
