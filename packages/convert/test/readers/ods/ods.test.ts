import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { strToU8, zipSync } from 'fflate'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { IsolatedConverter } from '../../../src/process/isolated.js'
import { convertAs } from '../../helpers.js'

/** docling's spreadsheet (fixtures/SOURCES.md), and sheets built to be a million rows long. */
const sheet = readFileSync(fileURLToPath(new URL('./fixtures/odf_table_with_title_01.ods', import.meta.url)))

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
const ods = (tables: string) =>
  Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
      'content.xml': strToU8(
        `<office:document-content ${NS}><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`,
      ),
    }),
  )
const cell = (text: string) => `<table:table-cell><text:p>${text}</text:p></table:table-cell>`

t.test('one table per sheet under its name, empty rows and columns left out', async (t) => {
  t.match(await detect(sheet, 'ducks.ods'), { ok: true, format: 'ods' })
  const { markdown, report } = await convertAs('ods', sheet)
  t.match(report.metadata, { created: /^2026-06-09T14:50/, modified: /^2026-06-09T15:50/ }, "meta.xml's dates")
  t.equal(
    markdown,
    '## Sheet1\n\n| Number of freshwater ducks per year |  |\n| --- | --- |\n| Year | Freshwater Ducks |\n| 2019 | 120 |\n| 2020 | 135 |\n| 2021 | 150 |\n| 2022 | 170 |\n| 2023 | 160 |\n| 2024 | 180 |\n',
  )
})

t.test('a million repeated rows and columns: empty ones never expanded, values cut at the bound', async (t) => {
  const pool = new IsolatedConverter({ processes: 1, maxHeapMb: 256, maxRssMb: 640 })
  t.teardown(() => pool.close())
  const empty = ods(
    `<table:table table:name="Big"><table:table-row>${cell('a')}<table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>`,
  )
  const outcome = await pool.convert(empty, { format: 'ods', signal: AbortSignal.timeout(30_000) })
  t.match(outcome, { ok: true, markdown: /^## Big\n\na\n$/ }, 'a one-cell table is its text, as the writer writes one')
  const repeated = ods(
    `<table:table table:name="Long"><table:table-row table:number-rows-repeated="1000000">${cell('x')}${cell('y')}</table:table-row></table:table>`,
  )
  const cut = await pool.convert(repeated, { format: 'ods', signal: AbortSignal.timeout(30_000) })
  t.ok(cut.ok, cut.ok ? 'converted' : cut.reason)
  if (cut.ok) t.match(cut.report.notKept, [{ code: 'sheet-rows-cut' }])
})
