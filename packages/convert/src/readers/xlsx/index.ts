import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document } from '../../tree/model.js'
import type { Reader } from '../reader.js'
import { readCoreProperties } from '../shared/core-properties.js'
import { sheetTable } from '../shared/sheet-table.js'
import { ZipPackage } from '../shared/zip.js'
import { readSheet } from './sheet.js'
import { readWorkbook } from './workbook.js'
import { unreadable } from '../shared/unreadable.js'

/**
 * Excel workbooks (XLSX, XLSM): one `## name` section and one table per sheet, values as the
 * sheet shows them. The package is opened once (shared/zip.ts); the workbook, its styles and
 * shared strings are read whole, and each sheet is streamed cell by cell within the document's
 * cell bound (sheet.ts) — a million-row sheet is cut and reported, never held. What XLSX
 * conversion keeps and reports: docs/formats/xlsx.md.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readXlsx(bytes, context) }),
}

const XLSX_FORMAT = { label: 'XLSX', remedy: 'save it again from Excel and re-upload' }

async function readXlsx(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const zip = await ZipPackage.open(bytes, { ...XLSX_FORMAT, boundDeclared: false })
  try {
    const workbook = await readWorkbook(zip)
    await readCoreProperties(zip, context)
    const { report } = context
    if (workbook.sharedStringsDropped > 0)
      report.notKept(
        'sheet-strings-dropped',
        (n) => `${plural(n, 'text value')} past what one conversion holds left empty`,
        workbook.sharedStringsDropped,
      )
    const root = documentRoot()
    const budget = { cells: context.limits.sheetMaxCells }
    const visible = workbook.sheets.filter((sheet) => !sheet.hidden)
    let done = 0
    for (const sheet of workbook.sheets) {
      context.signal?.throwIfAborted()
      if (sheet.hidden) {
        report.notKept('sheet-hidden', (n) => `${plural(n, 'hidden sheet')} left out (${hiddenNames(workbook.sheets)})`)
        continue
      }
      appendNode(root, element('h2', {}, [sheet.name]))
      if (sheet.chart) {
        report.notKept('chart-sheet', (n) => `${plural(n, 'chart sheet')} (a chart on a sheet of its own) not kept`)
        continue
      }
      if (sheet.part === undefined) continue
      if (budget.cells <= 0) {
        report.notKept(
          'sheet-rows-cut',
          (n) =>
            `${plural(n, 'sheet')} past the bound of ${context.limits.sheetMaxCells.toLocaleString('en')} cells left out or cut`,
        )
        appendNode(
          root,
          element('p', {}, [
            element('em', {}, ['Not converted: the workbook passed the cell bound before this sheet.']),
          ]),
        )
        continue
      }
      const read = await readSheet(zip, sheet.part, workbook, budget, context.signal)
      const table = sheetTable(read.cells)
      if (table !== undefined) appendNode(root, table)
      if (read.formulasWithoutResult > 0)
        report.notKept(
          'formula-without-result',
          (n) =>
            `${plural(n, 'formula')} with no saved result left empty (open and save the file in Excel to calculate them)`,
          read.formulasWithoutResult,
        )
      if (read.cutAfterRow !== undefined) {
        const of = read.declaredRows === undefined ? '' : ` of ${read.declaredRows.toLocaleString('en')}`
        report.notKept(
          'sheet-rows-cut',
          (n) =>
            `${plural(n, 'sheet')} past the bound of ${context.limits.sheetMaxCells.toLocaleString('en')} cells left out or cut`,
        )
        appendNode(
          root,
          element('p', {}, [
            element('em', {}, [
              `Cut after row ${read.cutAfterRow.toLocaleString('en')}${of}: the rest of the sheet passes the bound of ${context.limits.sheetMaxCells.toLocaleString('en')} cells one conversion keeps.`,
            ]),
          ]),
        )
      }
      context.progress(10 + Math.round((80 * ++done) / Math.max(1, visible.length)))
    }
    reportParts(zip, context)
    if (workbook.sheets.length === 0) throw new ConversionInputError('the workbook has no sheets')
    return root
  } catch (error) {
    throw unreadable(error, XLSX_FORMAT, context)
  } finally {
    zip.close()
  }
}

const hiddenNames = (sheets: Array<{ name: string; hidden: boolean }>) =>
  sheets
    .filter((sheet) => sheet.hidden)
    .map((sheet) => `“${sheet.name}”`)
    .join(', ')

/** Pictures, charts and comments drawn over the cells: counted, not kept (the cells are the content). */
function reportParts(zip: ZipPackage, context: ConversionContext): void {
  let pictures = 0
  let charts = 0
  let comments = 0
  for (const name of zip.names()) {
    if (/^xl\/media\//i.test(name)) pictures++
    else if (/^xl\/charts\/chart\d*\.xml$/i.test(name)) charts++
    else if (/^xl\/comments\d*\.xml$/i.test(name) || /^xl\/threadedComments\//i.test(name)) comments++
  }
  if (pictures > 0)
    context.report.notKept('sheet-picture', (n) => `${plural(n, 'picture')} over the cells not kept`, pictures)
  if (charts > 0)
    context.report.notKept(
      'sheet-chart',
      (n) => `${plural(n, 'chart')} over the cells not kept (their data is in the cells)`,
      charts,
    )
  if (comments > 0)
    context.report.notKept(
      'sheet-comments',
      (n) => `${plural(n, 'comments part', 'comments parts')} not kept`,
      comments,
    )
}
