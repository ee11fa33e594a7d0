import * as XLSX from '@e965/xlsx'
import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document } from '../../tree/model.js'
import type { Reader } from '../reader.js'
import { SheetCells, sheetTable } from '../shared/sheet-table.js'
import { unreadable } from '../shared/unreadable.js'

/** The most rows a BIFF8 sheet can have. */
const XLS_MAX_ROWS = 65_536

/**
 * Legacy Excel workbooks (BIFF5/8 `.xls`) read with SheetJS (`@e965/xlsx`, the maintained
 * republication): each sheet's cells with their formatted text (`w`: the number formats as
 * shown), merged ranges, hidden sheets; into the table shape every spreadsheet shares
 * (shared/sheet-table.ts). A BIFF sheet holds at most 65,536 rows, so the whole file is parsed,
 * each sheet no further than the cell bound allows.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: readXls(bytes, context) }),
}

function readXls(bytes: Uint8Array, context: ConversionContext): Document {
  const { limits, report } = context
  let workbook: XLSX.WorkBook
  try {
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      cellText: true,
      cellDates: false,
      cellHTML: false,
      cellFormula: false,
      sheetRows: Math.min(XLS_MAX_ROWS, limits.sheetMaxCells + 1),
    })
  } catch (error) {
    if (/password|encrypt/i.test((error as Error)?.message ?? ''))
      throw new ConversionInputError('the XLS file is password-protected; remove the password in Excel and re-upload')
    throw unreadable(error, { label: 'XLS', remedy: 'save it again from Excel and re-upload' }, context)
  }
  const props = workbook.Props
  if (props !== undefined)
    report.metadata({
      title: props.Title,
      authors: props.Author === undefined ? undefined : [props.Author],
      subject: props.Subject,
      description: props.Comments,
      keywords: props.Keywords === undefined ? undefined : props.Keywords.split(/\s*[,;]\s*/),
      created: props.CreatedDate === undefined ? undefined : new Date(props.CreatedDate).toISOString(),
      modified: props.ModifiedDate === undefined ? undefined : new Date(props.ModifiedDate).toISOString(),
      language: (props as { Language?: string }).Language,
    })
  const root = documentRoot()
  let budget = limits.sheetMaxCells
  workbook.SheetNames.forEach((name, index) => {
    context.signal?.throwIfAborted()
    if ((workbook.Workbook?.Sheets?.[index]?.Hidden ?? 0) !== 0) {
      report.notKept('sheet-hidden', (n) => `${plural(n, 'hidden sheet')} left out`)
      return
    }
    appendNode(root, element('h2', {}, [name]))
    const sheet = workbook.Sheets[name]
    if (sheet === undefined || sheet['!ref'] === undefined) return
    const cells = new SheetCells()
    const range = XLSX.utils.decode_range(sheet['!ref'])
    let cutAfter: number | undefined
    for (let r = range.s.r; r <= range.e.r && cutAfter === undefined; r++) {
      if (budget <= 0) {
        cutAfter = r
        break
      }
      for (let c = range.s.c; c <= range.e.c; c++) {
        const cell = sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined
        if (cell === undefined) continue
        const shown = cell.w ?? (cell.v === undefined ? '' : String(cell.v))
        if (shown.trim() === '') continue
        cells.set(r, c, shown.trim())
        budget--
      }
    }
    for (const merge of sheet['!merges'] ?? [])
      cells.merges.push({ top: merge.s.r, left: merge.s.c, bottom: merge.e.r, right: merge.e.c })
    const table = sheetTable(cells)
    if (table !== undefined) appendNode(root, table)
    const declared = sheet['!fullref'] === undefined ? undefined : XLSX.utils.decode_range(sheet['!fullref']).e.r + 1
    if (cutAfter !== undefined || (declared !== undefined && declared > range.e.r + 1)) {
      report.notKept(
        'sheet-rows-cut',
        (n) =>
          `${plural(n, 'sheet')} past the bound of ${limits.sheetMaxCells.toLocaleString('en')} cells left out or cut`,
      )
      appendNode(
        root,
        element('p', {}, [
          element('em', {}, [
            `Cut after row ${(cutAfter ?? range.e.r + 1).toLocaleString('en')}: the rest of the sheet passes the bound of ${limits.sheetMaxCells.toLocaleString('en')} cells one conversion keeps.`,
          ]),
        ]),
      )
    }
  })
  if (workbook.SheetNames.length === 0)
    throw new ConversionInputError(
      'the XLS file has no sheet that can be read (it may be damaged); save it again from Excel and re-upload',
    )
  return root
}
