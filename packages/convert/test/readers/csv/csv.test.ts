import { readdirSync, readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs, corpus, notKeptCounts } from '../../helpers.js'

/**
 * CSV and TSV: dialects, encodings as spreadsheets save them, ragged rows, the cell bound; and
 * docling's CSV test files of the fidelity corpus with their groundtruth (MIT, see its SOURCES.md).
 */

const table = (markdown: string) =>
  markdown
    .trim()
    .split('\n')
    .filter((line) => !/^\| (-+ \| )*-+ \|$/.test(line))
    // docling writes a pipe inside a cell as `&#124;` and keeps tabs; the writer escapes it and spaces tabs.
    .map((line) =>
      line
        .replace(/&#124;/g, '\\|')
        .replace(/\t/g, ' ')
        .replace(/\s*(?<!\\)\|\s*/g, '|'),
    )

t.test('docling’s CSV files convert to their groundtruth’s cells (separator line aside)', async (t) => {
  const folder = corpus('csv')
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.csv'))) {
    const bytes = readFileSync(`${folder}${file}`)
    t.match(await detect(bytes, file), { ok: true, format: 'csv' }, file)
    const { markdown } = await convertAs('csv', bytes)
    t.same(table(markdown), table(readFileSync(`${folder}${file.replace(/\.csv$/, '.md')}`, 'utf8')), file)
  }
})

t.test('quoted separators, quotes and line breaks inside a field', async (t) => {
  const { markdown } = await convertAs(
    'csv',
    Buffer.from('name;note\r\n"Smith; J.";"said ""hi""\r\nthen left"\r\nDoe;ok\r\n'),
  )
  t.equal(markdown, '| name | note |\n| --- | --- |\n| Smith; J. | said "hi"<br>then left |\n| Doe | ok |\n')
})

t.test('the encodings Excel saves: UTF-8 with a BOM, UTF-16, Windows-1252, Shift-JIS (cp932)', async (t) => {
  const text = 'Stadt,Straße,Preis\nKöln,Hohe Straße,12 €\n'
  const japanese = '商品名,価格,備考\nりんご,120,青森県産\n'
  const cases: Array<[string, Buffer, string]> = [
    ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'Straße'],
    ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'Hohe Straße'],
    ['Windows-1252', iconv.encode(`${text}Düsseldorf,Königsallee,"1.234,50 €"\n`.repeat(3), 'win1252'), '12 €'],
    ['cp932', iconv.encode(japanese.repeat(4), 'cp932'), '青森県産'],
    ['cp932, two short lines', iconv.encode('商品名,価格\nりんご,120\n', 'cp932'), 'りんご'],
  ]
  for (const [encoding, bytes, expected] of cases) {
    t.match(await detect(bytes, 'export.csv'), { ok: true, format: 'csv' }, `${encoding}: detected by name`)
    const { markdown } = await convertAs('csv', bytes)
    t.ok(markdown.includes(expected), `${encoding}: ${expected}`)
    t.notOk(markdown.includes('\uFFFD'), `${encoding}: nothing undecodable`)
  }
  t.match(
    await detect(iconv.encode(japanese, 'cp932')),
    { ok: false },
    'without a name, non-UTF-8 bytes are not assumed to be CSV',
  )
})

t.test('TSV keeps tabs as the separator; unnamed delimited text is detected as CSV, prose is not', async (t) => {
  const tsv = Buffer.from('a,b\tc\n1,2\t3\n')
  t.match(await detect(tsv, 'data.tsv'), { ok: true, format: 'tsv' })
  t.equal((await convertAs('tsv', tsv)).markdown, '| a,b | c |\n| --- | --- |\n| 1,2 | 3 |\n')
  t.match(await detect(Buffer.from('id|name|city\n1|Ann|Oslo\n2|Bo|Rome\n')), { ok: true, format: 'csv' })
  t.match(await detect(Buffer.from('Dear Ann,\nthe meeting, as planned, is on Monday.\nBest, Bo\n')), {
    ok: true,
    format: 'text',
  })
})

t.test('a CSV of a million rows is cut at the cell bound and says where', async (t) => {
  const rows = Array.from({ length: 1_000_000 }, (_, i) => `${i},item ${i},${i % 7}`)
  const { markdown, report } = await convertAs('csv', Buffer.from(`id,name,n\n${rows.join('\n')}\n`))
  t.match(markdown, /^\| id \| name \| n \|/)
  t.match(markdown, /\*Cut after row 33,334: the rest passes what one conversion keeps\.\*\n$/)
  t.match(notKeptCounts(report), { 'sheet-rows-cut': 1 })
})
