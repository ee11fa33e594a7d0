import { readFileSync } from 'node:fs'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs, corpus, notKeptCounts } from '../../helpers.js'
import { workbook } from './workbooks.js'

/**
 * Excel workbooks: made here part by part for each rule (number formats, formulas, merges, hidden
 * sheets, trimming), and docling's test workbooks of the fidelity corpus (MIT, see its SOURCES.md).
 */

const styles =
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="&quot;$&quot;#,##0.00"/></numFmts>' +
  '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="10"/><xf numFmtId="165"/><xf numFmtId="3"/></cellXfs>'

t.test(
  'values as the sheet shows them: dates, percentages, currency, thousands, booleans, errors, formulas',
  async (t) => {
    const bytes = workbook(
      [
        {
          name: 'Budget',
          xml:
            '<sheetData>' +
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
            '<row r="2"><c r="A2" t="inlineStr"><is><t>Day</t></is></c><c r="B2" s="1"><v>45292</v></c></row>' +
            '<row r="3"><c r="A3" t="inlineStr"><is><t>Rate</t></is></c><c r="B3" s="2"><v>0.1234</v></c></row>' +
            '<row r="4"><c r="A4" t="inlineStr"><is><t>Price</t></is></c><c r="B4" s="3"><v>1234.5</v></c></row>' +
            '<row r="5"><c r="A5" t="inlineStr"><is><t>Count</t></is></c><c r="B5" s="4"><v>1234567</v></c></row>' +
            '<row r="6"><c r="A6" t="inlineStr"><is><t>Done</t></is></c><c r="B6" t="b"><v>1</v></c></row>' +
            '<row r="7"><c r="A7" t="inlineStr"><is><t>Ratio</t></is></c><c r="B7" t="e"><v>#DIV/0!</v></c></row>' +
            '<row r="8"><c r="A8" t="inlineStr"><is><t>Sum</t></is></c><c r="B8"><f>B4*2</f><v>2469</v></c></row>' +
            '<row r="9"><c r="A9" t="inlineStr"><is><t>Name</t></is></c><c r="B9" t="str"><f>A1&amp;"!"</f><v>Item!</v></c></row>' +
            '<row r="10"><c r="A10" t="inlineStr"><is><t>Later</t></is></c><c r="B10"><f>B4*3</f></c></row>' +
            '<row r="11"><c r="A11" t="inlineStr"><is><t>Float</t></is></c><c r="B11"><v>0.30000000000000004</v></c></row>' +
            '</sheetData>',
        },
      ],
      { styles, strings: ['Item', 'Value'] },
    )
    t.match(await detect(bytes, 'budget.xlsx'), { ok: true, format: 'xlsx' })
    const { markdown, report } = await convertAs('xlsx', bytes)
    t.equal(
      markdown,
      [
        '## Budget',
        '',
        '| Item | Value |',
        '| --- | --- |',
        '| Day | 2024-01-01 |',
        '| Rate | 12.34% |',
        '| Price | \\$1,234.50 |', // the writer escapes a dollar sign: it could open math
        '| Count | 1,234,567 |',
        '| Done | TRUE |',
        '| Ratio | #DIV/0! |',
        '| Sum | 2469 |',
        '| Name | Item! |',
        '| Later |  |',
        '| Float | 0.3 |',
        '',
      ].join('\n'),
    )
    t.same(notKeptCounts(report), { 'formula-without-result': 1 }, 'a formula never calculated is reported')
  },
)

t.test(
  'merged cells make an HTML table; empty rows and columns around and between the data are left out',
  async (t) => {
    const bytes = workbook([
      {
        name: 'Merged',
        xml:
          '<sheetData>' +
          '<row r="3"><c r="C3" t="inlineStr"><is><t>Region</t></is></c><c r="D3" t="inlineStr"><is><t>Sales</t></is></c></row>' +
          '<row r="4"><c r="C4" t="inlineStr"><is><t>Q1</t></is></c><c r="D4" t="inlineStr"><is><t>Q2</t></is></c><c r="F4" t="inlineStr"><is><t>Total</t></is></c></row>' +
          '<row r="6"><c r="C6" t="inlineStr"><is><t>North</t></is></c><c r="D6"><v>1</v></c><c r="F6"><v>2</v></c></row>' +
          '</sheetData><mergeCells count="1"><mergeCell ref="D3:F3"/></mergeCells>',
      },
    ])
    const { markdown } = await convertAs('xlsx', bytes)
    t.match(markdown, /^## Merged\n\n<table>/)
    t.match(markdown, /<th>Region<\/th><th colspan="3">Sales<\/th>/, 'the merged range keeps its width')
    t.notMatch(markdown, /<tr><\/tr>|<tr>(<td><\/td>)+<\/tr>/, 'no empty row')
    const plain = await convertAs(
      'xlsx',
      workbook([
        {
          name: 'Gaps',
          xml: '<sheetData><row r="2"><c r="B2"><v>1</v></c><c r="D2"><v>2</v></c></row><row r="5"><c r="B5"><v>3</v></c><c r="D5"><v>4</v></c></row></sheetData>',
        },
      ]),
    )
    t.equal(plain.markdown, '## Gaps\n\n| 1 | 2 |\n| --- | --- |\n| 3 | 4 |\n')
  },
)

t.test('hidden sheets are left out and named in the report; sheets keep their order and names', async (t) => {
  const one = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
  const { markdown, report } = await convertAs(
    'xlsx',
    workbook([
      { name: 'First', xml: one },
      { name: 'Lookup', hidden: true, xml: one },
      { name: 'Empty', xml: '<sheetData/>' },
      { name: 'Last', xml: one },
    ]),
  )
  t.same(
    [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]),
    ['First', 'Empty', 'Last'],
  )
  t.match(report.notKept, [{ code: 'sheet-hidden', count: 1, message: /“Lookup”/ }])
})

t.test('the core properties are the report’s metadata', async (t) => {
  const core =
    '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Q3 budget</dc:title><dc:creator>Ada Lovelace</dc:creator><cp:lastModifiedBy>Someone Else</cp:lastModifiedBy><dcterms:created>2026-01-02T03:04:05Z</dcterms:created><dc:language>en-GB</dc:language></cp:coreProperties>'
  const { report } = await convertAs(
    'xlsx',
    workbook([{ name: 'S', xml: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>' }], { core }),
  )
  t.same(report.metadata, {
    title: 'Q3 budget',
    authors: ['Ada Lovelace'],
    created: '2026-01-02T03:04:05Z',
    language: 'en-GB',
  })
})

t.test('docling’s workbooks: merged headers, several tables on a sheet, a chart, a macro workbook', async (t) => {
  const first = await convertAs('xlsx', readFileSync(`${corpus('xlsx')}xlsx_01.xlsx`))
  t.match(first.markdown, /^## Sheet1\n\n\| first \| second \| third \|/)
  t.match(first.markdown, /<th rowspan="2">first<\/th><th colspan="2">header<\/th>/)
  t.match(notKeptCounts(first.report), { 'sheet-hidden': 1 })
  const chart = await convertAs('xlsx', readFileSync(`${corpus('xlsx')}xlsx_03_chartsheet.xlsx`))
  t.match(notKeptCounts(chart.report), { 'sheet-chart': 1 }, 'a chart drawn over a sheet is reported')
  const macro = readFileSync(`${corpus('xlsm')}xlsx_02_sample_sales_data.xlsm`)
  t.match(await detect(macro, 'sales.xlsm'), { ok: true, format: 'xlsm' })
  const sales = await convertAs('xlsm', macro)
  t.match(sales.markdown, /\| Widget A \| 2024-01-01 0:00:00 \| 5 \| 5000 \|/)
})
