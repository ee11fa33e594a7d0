import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs } from '../../helpers.js'

/** RTF written by LibreOffice (from the DOCX corpus) and by pandoc (fixtures/SOURCES.md). */
const bytes = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)))

t.test('detected from {\\rtf, whatever the name says', async (t) => {
  t.match(await detect(bytes('pandoc_notes.rtf'), 'notes.rtf'), { ok: true, format: 'rtf', mime: 'application/rtf' })
  t.match(await detect(bytes('pandoc_notes.rtf'), 'notes.txt'), { ok: true, format: 'rtf' })
  t.match(await detect(Buffer.from('just words'), 'notes.rtf'), { ok: false, reason: /not RTF/ })
})

t.test(
  'headings from heading styles, lists nested by level, numbered or bulleted as the list table says',
  async (t) => {
    const { markdown } = await convertAs('rtf', bytes('lo_docx_lists.rtf'))
    t.match(markdown, /^# Test Document\n/)
    t.match(markdown, /\n### Test 1:\n\n- List item 1\n- List item 2\n- List item 3\n/)
    t.match(markdown, /\n### Test 2:\n\n1\. List item a\n2\. List item b\n/)
    t.match(markdown, /\n- List item 1\n {2}- List item 1\.1\n {4}- List item 1\.1\.1\n- List item 3\n/)
  },
)

t.test("Windows-1252 \\'hh bytes: quotes, dashes and the euro sign (0x80-0x9F)", async (t) => {
  // Node 20's TextDecoder reads windows-1252 as ISO-8859-1: \\'92 came out a control character.
  const rtf =
    "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times;}}\\f0 it\\'92s \\'93quoted\\'94 \\'96 \\'80 5 caf\\'e9\\par}"
  const { markdown } = await convertAs('rtf', Buffer.from(rtf))
  t.equal(markdown, 'it’s “quoted” – € 5 café\n')
})

t.test('tables, footnotes, links, pictures and emphasis', async (t) => {
  const table = await convertAs('rtf', bytes('lo_tablecell.rtf'))
  t.match(table.markdown, /\| Tab1 \| Tab2 \| Tab3 \|\n\| --- \| --- \| --- \|\n\| A \| B \| C \|\n\| D \| E \| F \|/)
  const { markdown, assets } = await convertAs('rtf', bytes('pandoc_notes.rtf'))
  t.match(markdown, /^# Field report\n/, "a heading's own bold is not emphasis")
  t.match(markdown, /The survey\[\^1\] covered \*three\* sites, see \[the map\]\(https:\/\/example\.org\/map\)/)
  t.match(markdown, /\n\[\^1\]: Conducted in \*\*May\*\*\.\n/)
  t.match(markdown, /!\[\]\(assets\/image-1\.png\)/)
  t.same([...(assets[0]?.bytes.subarray(0, 4) ?? [])], [0x89, 0x50, 0x4e, 0x47])
  t.match(markdown, /\| North \| 12 \|/)
})

t.test('code pages, Unicode escapes and their fallbacks, the info group as metadata', async (t) => {
  const rtf = String.raw`{\rtf1\ansi\ansicpg1251{\info{\title Report}{\author Ann Lee}}\pard \'cf\'f0\'e8\'e2\'e5\'f2 \u8212\'97 caf\u233?\par}`
  const { markdown, report } = await convertAs('rtf', Buffer.from(rtf, 'latin1'))
  t.equal(markdown, 'Привет — café\n')
  t.match(report.metadata, { title: 'Report', authors: ['Ann Lee'] })
  const japanese = String.raw`{\rtf1\ansi\ansicpg932\pard \'93\'fa\'96\'7b\'8c\'ea\par}`
  t.equal((await convertAs('rtf', Buffer.from(japanese, 'latin1'))).markdown, '日本語\n')
})
