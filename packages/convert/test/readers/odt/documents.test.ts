import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs } from '../../helpers.js'

/**
 * Real OpenDocument texts, converted in-process: docling's (MIT), one LibreOffice saved from the
 * DOCX corpus, one pandoc wrote (fixtures/SOURCES.md).
 */
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
const bytes = (name: string) => readFileSync(`${fixtures}${name}`)
const convert = (name: string) => convertAs('odt', bytes(name))

t.test('detected from its mimetype member, whatever the name says', async (t) => {
  t.match(await detect(bytes('text_document_01.odt'), 'report.odt'), {
    ok: true,
    format: 'odt',
    mime: 'application/vnd.oasis.opendocument.text',
  })
  t.match(await detect(bytes('text_document_01.odt')), { ok: true, format: 'odt' })
  t.match(await detect(Buffer.from('plain words'), 'report.odt'), {
    ok: false,
    reason: /named \.odt but its content is text, not ODT/,
  })
})

t.test('headings, paragraphs, emphasis, numbered and bulleted lists with their levels', async (t) => {
  const { markdown, report } = await convert('text_document_01.odt')
  t.match(markdown, /^# Title\n/)
  t.match(markdown, /\n# heading level 1\.0\n/)
  t.match(markdown, /\n## Heading level 2: A\n/)
  t.match(
    markdown,
    /\n1\. numbered list 1\n2\. numbered list 2\n {3}- bullet list 2\.1\n {3}- bullet list 2\.2\n {5}- bullet list 2\.2\.1\n/,
  )
  t.match(markdown, /\n3\. numbered list 3\n/, 'the list LibreOffice split where its style changed is one list')
  t.match(markdown, /\*\*Lorem Ipsum is not simply random text\*\*/)
  t.match(markdown, /\*a Latin professor at Hampden-Sydney College in Virginia\*/)
  t.match(markdown, /~~The Extremes of Good and Evil~~/)
  t.match(markdown, /X<sup>2<\/sup> \+ Y<sub>2<\/sub> = Z/)
  t.match(report.found, { headings: 4, lists: 5 })
})

t.test('tables with lists and nested tables in their cells, pictures as assets with their alt text', async (t) => {
  const { markdown, assets, report } = await convert('text_document_03.odt')
  t.match(markdown, /<td><table><tbody><tr><td><p>A<\/p><\/td>/, 'a nested table stays inside its cell')
  t.match(markdown, /<ul><li><p>A First<\/p><\/li>/)
  t.match(markdown, /<img src="assets\/image-1\.png" alt="Owner avatar">/)
  t.equal(assets.length, 1, 'one picture used twice is one asset')
  t.equal(assets[0]?.contentType, 'image/png')
  t.equal(report.found.tables, 9)
})

t.test('footnotes, links, pictures and a table from a document pandoc wrote', async (t) => {
  const { markdown, assets } = await convert('pandoc_notes.odt')
  t.match(markdown, /^# Field report\n/)
  t.match(markdown, /The survey\[\^1\] covered \*three\* sites, see \[the map\]\(https:\/\/example\.org\/map\)/)
  t.match(markdown, /\n\[\^1\]: Conducted in \*\*May\*\*\.\n/)
  t.match(markdown, /\n\[\^2\]: An endnote-like remark\.\n/)
  t.match(markdown, /\| Site \| Count \|\n\| --- \| --- \|\n\| North \| 12 \|/)
  t.match(markdown, /!\[\]\(assets\/image-1\.png\)/)
  t.same([...(assets[0]?.bytes.subarray(0, 4) ?? [])], [0x89, 0x50, 0x4e, 0x47])
  t.match(markdown, /\n1\. First finding\n {3}- a detail\n2\. Second finding\[\^2\]\n/)
})

t.test('LibreOffice saving a Word document: links, emphasis in links, headers and footers reported', async (t) => {
  const { markdown, report } = await convert('lo_unit_test_formatting.odt')
  t.match(markdown, /\[\*\*\*italic and bold hyperlink\*\*\*\]\(https:\/\/github\.com\/DS4SD\/docling\)/)
  t.match(markdown, /\n- \*Italic bullet 1\*\n- \*\*Bold bullet 2\*\*\n/)
  t.match(markdown, /\n {2}- Nested \*italic\* \*\*bold\*\*\n/)
  t.match(report.notKept, [{ code: 'page-header-footer-dropped' }])
  t.match(
    report.metadata,
    { authors: ['Cesar Berrospi Ramis'], created: /^2024-12-19T09:42/ },
    'meta.xml, as for ODS and ODP',
  )
})

t.test('empty meta.xml fields are not reported', async (t) => {
  const { report } = await convert('pandoc_notes.odt')
  t.notOk(report.metadata?.title, 'pandoc writes an empty dc:title')
})
