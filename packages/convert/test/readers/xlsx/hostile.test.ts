import { strToU8, zipSync } from 'fflate'
import t from 'tap'
import { convertAs } from '../../helpers.js'
import { IsolatedConverter } from '../../../src/process/isolated.js'
import { millionRowsCached, workbook } from './workbooks.js'

/**
 * Workbooks built to break the XLSX reader, converted in a process with the production bounds
 * (256 MB heap, 352 MB of real memory: past it the process is killed and the conversion fails).
 */
const LIMIT_MS = 50_000

t.test(
  'a sheet of a million rows is cut at the cell bound and says so, within the memory bound',
  { timeout: 180_000 },
  async (t) => {
    const bytes = millionRowsCached()
    const pool = new IsolatedConverter({ processes: 1, maxHeapMb: 256, timeoutMs: LIMIT_MS })
    t.teardown(() => pool.close())
    const outcome = await pool.convert(bytes, { format: 'xlsx' })
    t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
    if (!outcome.ok) return
    t.match(outcome.markdown, /^## Big\n\n\| beta \| 1\.5 \| 2023-03-16 \| 1\.00% \|\n/)
    t.match(
      outcome.markdown,
      /\*Cut after row 25,000 of 1,000,000: the rest of the sheet passes the bound of 100,000 cells one conversion keeps\.\*\n$/,
    )
    t.match(outcome.report.notKept, [{ code: 'sheet-rows-cut', count: 1 }])
  },
)

t.test(
  'rows without cells cost too: millions of empty rows end at the bound, not the end of the sheet',
  { timeout: 120_000 },
  async (t) => {
    const bytes = workbook([
      { name: 'Hollow', xml: `<sheetData>${'<row/>'.repeat(12_000_000)}<row><c><v>1</v></c></row></sheetData>` },
    ])
    const { markdown, report } = await convertAs('xlsx', bytes, { limits: { sheetMaxCells: 1000 } })
    t.match(markdown, /Cut after row 100,000/)
    t.match(report.notKept, [{ code: 'sheet-rows-cut' }])
  },
)

t.test('damaged and foreign packages are refused with what to do', async (t) => {
  const good = workbook([{ name: 'S', xml: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>' }])
  await t.rejects(convertAs('xlsx', good.subarray(0, good.length - 40)), {
    message: /XLSX file is damaged or incomplete.*Excel/,
  })
  await t.rejects(convertAs('xlsx', Buffer.from(zipSync({ 'a.txt': strToU8('hello') }))), {
    message: /not an Excel workbook/,
  })
  const noSheets = Buffer.from(
    zipSync({
      '_rels/.rels': strToU8(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': strToU8('<workbook><sheets/></workbook>'),
    }),
  )
  await t.rejects(convertAs('xlsx', noSheets), { message: /no sheets/ })
})
