import { readFileSync } from 'node:fs'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs, corpus } from '../../helpers.js'

/** Legacy Excel: docling's sample and workbooks LibreOffice saved as XLS (corpus/xls, see its SOURCES.md). */

t.test(
  'XLS is told from other compound files by its Workbook stream, and converts like the XLSX it was saved from',
  async (t) => {
    const folder = corpus('xls')
    const bytes = readFileSync(`${folder}xlsx_02_sample_sales_data.xls`)
    t.match(await detect(bytes, 'sales.xls'), { ok: true, format: 'xls', mime: 'application/vnd.ms-excel' })
    t.match(await detect(bytes), { ok: true, format: 'xls' }, 'without a name too')
    const fromXls = await convertAs('xls', bytes)
    const fromXlsm = await convertAs('xlsm', readFileSync(`${corpus('xlsm')}xlsx_02_sample_sales_data.xlsm`))
    t.equal(fromXls.markdown, fromXlsm.markdown)
    const merged = await convertAs('xls', readFileSync(`${folder}xlsx_01.xls`))
    t.match(merged.markdown, /<th rowspan="2">first<\/th><th colspan="2">header<\/th>/, 'merged ranges')
  },
)

t.test('docling’s legacy sample: the title row above the table, and the summary information as metadata', async (t) => {
  const { markdown, report } = await convertAs('xls', readFileSync(`${corpus('xls')}legacy_sample.xls`))
  t.match(
    markdown,
    /^## Duck Observations\n\n\| Number of freshwater ducks per year \| {2}\|\n\| --- \| --- \|\n\| Year \| Freshwater Ducks \|\n\| 2019 \| 120 \|/,
  )
  t.match(report.metadata, { title: 'Wild Duck Observations', language: 'en-US' })
})

t.test('a damaged XLS is refused with what to do', async (t) => {
  const bytes = readFileSync(`${corpus('xls')}legacy_sample.xls`)
  const broken = Buffer.from(bytes)
  broken.fill(0xff, 1024, 8192)
  await t.rejects(convertAs('xls', broken), {
    name: 'ConversionInputError',
    message: /XLS file .*(could not be read|no sheet that can be read).*Excel/,
  })
})
