import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import t from 'tap'
import { convertAs } from '../../helpers.js'

/**
 * Real Word documents, converted in-process: the fidelity corpus (bench/fidelity/corpus/docx,
 * see its SOURCES-fidelity.md: docling's test documents, MIT) and mammoth.js's test documents
 * for notes, comments and tracked changes (fixtures/SOURCES.md, BSD-2-Clause).
 */
const corpus = fileURLToPath(new URL('../../../../../bench/fidelity/corpus/docx/', import.meta.url))
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
const convert = (name: string) => convertAs('docx', readFileSync(`${corpus}${name}.docx`))
const convertFixture = (name: string) => convertAs('docx', readFileSync(`${fixtures}${name}.docx`))

t.test(
  'a picture becomes an asset of the conversion with its content type, referenced from the Markdown with its alt text',
  async (t) => {
    const { markdown, assets, report } = await convert('word_sample')
    t.match(
      markdown,
      /!\[A cartoon duck holding a paper\]\(assets\/image-1\.png\)/,
      'Word\'s "Description automatically generated" is not part of the alt text',
    )
    t.equal(assets.length, 1)
    t.match(assets[0], { name: 'image-1.png', contentType: 'image/png', sha256: /^[0-9a-f]{64}$/ })
    t.same(
      [...(assets[0]?.bytes.subarray(0, 4) ?? [])],
      [0x89, 0x50, 0x4e, 0x47],
      'the bytes are the PNG the document holds',
    )
    t.equal(report.found.images, 1)
    const grouped = await convert('docx_grouped_images')
    t.equal(grouped.report.found.images, 6, 'every picture of a group is kept')
    t.equal(grouped.assets.length, 6)
  },
)

t.test('EMF pictures are kept as files, shown as a named placeholder, and reported by format', async (t) => {
  const { markdown, assets, report } = await convert('test_emf_docx')
  t.match(markdown, /Raster in emf:\n\n!\[EMF picture\]\(assets\/image-1\.emf\)/)
  t.match(markdown, /Vector in emf:\n\n!\[EMF picture\]\(assets\/image-2\.emf\)/)
  t.same(
    assets.map((asset) => asset.contentType),
    ['image/x-emf', 'image/x-emf', 'image/png'],
  )
  t.match(report.notKept, [{ code: 'image-format-unsupported-emf', count: 2, message: /2 EMF pictures/ }])
})

t.test('equations become LaTeX: inline $…$, display $$…$$, and inline in table cells', async (t) => {
  const { markdown, report } = await convert('equations')
  t.match(markdown, /this is an inline equation: \$A = \\pi r\^\{2\}\$\./)
  t.match(markdown, /^- Second item with equations: \$E = m c\^\{2\}\$ and \$F = m a\$ are physics formulas\.$/m)
  t.match(markdown, /\n\$\$\na\^\{2\} \+ b\^\{2\} = c\^\{2\} \\times 23\n\$\$\n/)
  t.match(markdown, /\\sum_\{n = 1\}\^\{\\infty\}/)
  t.equal(report.found.equations, 27)
  t.notOk(report.notKept.some((note) => note.code === 'equation-not-converted'))
  const table = await convert('table_with_equations')
  t.match(
    table.markdown,
    /^\| The next cell has an equation \| \$A = \\pi r\^\{2\}\$ \|\n\| --- \| --- \|\n\| The next cell has another equation \| \$x = \\frac\{- b \\pm \\sqrt\{b\^\{2\} - 4 a c\}\}\{2 a\}\$ \|$/m,
  )
})

t.test('footnotes and endnotes become GitHub footnotes', async (t) => {
  for (const name of ['footnotes', 'endnotes']) {
    const { markdown, report } = await convertFixture(name)
    t.equal(markdown, 'Ouch[^1].[^2]\n\n[^1]: A tachyon walks into a bar.\n\n[^2]: Fin.\n', name)
    t.equal(report.found.footnotes, 2)
  }
})

t.test("tracked changes: insertions kept, deletions dropped (Word's accept all), both counted", async (t) => {
  const { markdown, report } = await convertFixture('track-changes-test')
  t.match(markdown, /This is new content, that I suggest\./)
  t.match(
    markdown,
    /Link 1: \[www\.adobe\.com\]\(http:\/\/www\.adobe\.com\?foo=bar\)/,
    'the inserted field code wins over the deleted one',
  )
  t.match(markdown, /Link 2: www\.hlx\.live\n/, 'a deleted link is gone, the inserted text kept')
  t.notMatch(markdown, /B1|Point two|\bTwo\b/, 'deleted text is dropped')
  t.notMatch(markdown, /C1|C2/, 'a deleted table row is dropped')
  t.match(markdown, /\| A1 \| A2 \|\n\| --- \| --- \|\n\| {2}\| {2}\|\n/, 'a row whose text was deleted stays, empty')
  t.match(markdown, /1\. Point one\n2\. Point three/)
  t.equal(report.found.trackedChanges, 17)
  t.match(report.notKept, [
    { code: 'tracked-deletion-dropped', count: 12 },
    { code: 'tracked-insertion-accepted', count: 5 },
  ])
})

t.test('comments are dropped and counted', async (t) => {
  const { markdown, report } = await convert('docx_comments')
  t.match(markdown, /^# Document with Comments\n\nThis is the first paragraph that has a comment attached to it\.\n/)
  t.equal(report.found.comments, 3)
  t.match(report.notKept, [{ code: 'comment-dropped', count: 3 }])
  const mammoth = await convertFixture('comments')
  t.equal(mammoth.report.found.comments, 2)
})

t.test('checkboxes become task items; in an HTML table cell, [x] text', async (t) => {
  const { markdown } = await convert('docx_checkboxes')
  t.match(
    markdown,
    /Tasks before release:\n\n- \[x\] Design\n- \[x\] Implementation\n- \[ \] Documentation of the task/,
  )
  t.match(markdown, /<li>\[x\] Orange juice<\/li><li>\[ \] Tea<\/li>/)
})

t.test('numbered headings stay headings, with the number Word shows; multilevel labels kept', async (t) => {
  const { markdown, report } = await convert('unit_test_headers_numbered')
  t.match(markdown, /^# 1\. Section 1$/m)
  t.match(markdown, /^## 1\.1\. Section 1\.1$/m)
  t.match(markdown, /^### 2\.1\.1\. Section 2\.1\.1$/m)
  t.notMatch(markdown, /^\s*(\d+\.|-) (\d+\.)* ?Section 1$/m, 'not a list item')
  t.match(markdown, /^1\. Appendix A: Glossary\n {3}- 1\.1\. Section A\.1\n {5}- 1\.1\.1\. Detail A\.1\.1$/m)
  t.equal(report.found.headings, 9)
})

t.test('merged cells make an HTML table with colspan and rowspan; plain tables stay GitHub tables', async (t) => {
  const { markdown } = await convert('word_tables')
  t.match(markdown, /<tr><td>Cell 1\.0<\/td><td colspan="2">Merged Cell 1\.1 1\.2<\/td><\/tr>/)
  t.match(markdown, /<td rowspan="2">Merged Cell 1\.1 2\.1<\/td>/)
  t.match(markdown, /^\| Header 0\.0 \| Header 0\.1 \| Header 0\.2 \|\n\| --- \| --- \| --- \|$/m)
})

t.test('code-styled and wholly monospaced code paragraphs become fenced code; monospaced prose does not', async (t) => {
  const { markdown, report } = await convert('docx_code_blocks')
  t.match(markdown, /## Case C - paragraph in 'Source Code' style\n\n```\nimport sys\nprint\(sys\.argv\)\n```/)
  t.match(markdown, /```\ndef fib\(n\):\n {4}a, b = 0, 1\n/)
  t.match(
    markdown,
    /## Case F - 'Source Reference' style \(substring trap\)\n\nSee the original source for details\.\n/,
  )
  t.match(
    markdown,
    /## Case H - pure-Courier prose, no code-indicative characters\n\nThis memo is set in a typewriter face/,
  )
  t.equal(report.found.codeBlocks, 3)
})

t.test("text boxes' and shapes' text is kept in reading order; a chart keeps its data as a table", async (t) => {
  const { markdown } = await convert('textbox')
  const order = [
    'Student falls ill',
    'Suggested Reportable Symptoms',
    'If a caregiver suspects',
    'Health Bureau',
    'Department of Education',
  ].map((text) => markdown.indexOf(text))
  t.ok(
    order.every((at) => at >= 0),
    'every text box is there',
  )
  t.same(
    [...order].sort((a, b) => a - b),
    order,
    'in reading order',
  )
  const chart = await convert('drawingml')
  t.match(chart.markdown, /^Text 2\n\nText 1\n/)
  t.match(
    chart.markdown,
    /Line chart\n\n\| {2}\| Series 1 \| Series 2 \| Series 3 \|\n\| --- \| --- \| --- \| --- \|\n\| Category 1 \| 4\.3 \| 2\.4 \| 2 \|/,
  )
  t.match(chart.report.notKept, [{ code: 'chart-as-table', count: 1 }])
})

t.test('Strict OOXML and content controls read like any document', async (t) => {
  const strict = await convert('Strict')
  const transitional = await convert('Transitional')
  t.equal(strict.markdown, transitional.markdown)
  const control = await convert('content_control_with_picture')
  t.match(control.markdown, /!\[\]\(assets\/image-1\.png\)/)
})

t.test('names are read by namespace, not by the prefix a producer chose', async (t) => {
  const original = readFileSync(`${corpus}word_sample.docx`)
  const parts = unzipSync(original)
  const xml = strFromU8(parts['word/document.xml'] as Uint8Array)
  // The same document with WordprocessingML bound to `x:` instead of `w:`.
  const renamed = xml
    .replace(/<(\/?)w:/g, '<$1x:')
    .replace(/ w:([A-Za-z]+=)/g, ' x:$1')
    .replace('xmlns:w=', 'xmlns:x=')
  t.not(renamed, xml)
  const rebuilt = Buffer.from(zipSync({ ...parts, 'word/document.xml': strToU8(renamed) }))
  const [expected, actual] = await Promise.all([convertAs('docx', original), convertAs('docx', rebuilt)])
  t.equal(actual.markdown, expected.markdown)
})
