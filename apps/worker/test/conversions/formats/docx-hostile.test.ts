import { strToU8, zipSync } from 'fflate'
import t from 'tap'
import { convertDocument } from '../../../src/conversions/convert.js'
import { ConverterPool } from '../../../src/conversions/converter-pool.js'
import { MAX_EQUATION_ELEMENTS } from '../../../src/conversions/formats/docx-math.js'
import { MAX_XML_DEPTH } from '../../../src/conversions/formats/docx-xml.js'
import { mimes } from '../../helpers/worker.js'

/**
 * Word documents built to break the DOCX stage: malformed equations, nesting past any real
 * document, fields that never close, merged cells that claim the whole grid. Each converts or is
 * refused with its own message, inside a time limit many times what a linear pass needs, in a
 * conversion process with the production heap.
 */
const LIMIT_MS = 30_000
const pool = new ConverterPool({ processes: 2, maxHeapMb: 256 })
t.teardown(() => pool.close())

const W =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

/** A minimal Word package around `body` (the children of `w:body`), with extra parts if given. */
function docx(body: string, parts: Record<string, string> = {}): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
      ...Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])),
    }),
  )
}

const p = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`

async function inPool(bytes: Buffer) {
  return pool
    .convert(mimes.docx, bytes, { signal: AbortSignal.timeout(LIMIT_MS) })
    .catch((error: unknown) => ({ ok: false as const, reason: `aborted: ${String((error as Error).message)}` }))
}

t.test('malformed equations keep their text and are reported; the rest of the document converts', async (t) => {
  const broken = [
    // A fraction without numerator or denominator, a radical without a base, unknown elements.
    '<m:oMath><m:f><m:fPr/></m:f></m:oMath>',
    '<m:oMath><m:rad/><m:nary><m:naryPr><m:chr/></m:naryPr></m:nary></m:oMath>',
    '<m:oMath><m:bogus><m:r><m:t>x+1</m:t></m:r></m:bogus></m:oMath>',
    '<m:oMathPara><m:oMath><m:d><m:dPr><m:begChr m:val=""/></m:dPr></m:d></m:oMath></m:oMathPara>',
    '<m:oMath></m:oMath>',
  ]
  const { markdown, report } = await convertDocument(
    mimes.docx,
    docx(`${p('Before')}<w:p>${broken.join('<w:r><w:t xml:space="preserve"> and </w:t></w:r>')}</w:p>${p('After')}`),
  )
  t.match(markdown, /^Before\n/)
  t.match(markdown, /\nAfter\n$/)
  t.match(markdown, /x\+1|x \+ 1/, 'the text of an unknown construct is kept')
  for (const note of report.notKept) t.match(note.message, /^\d+ \w/)
})

t.test(`nesting deeper than ${MAX_XML_DEPTH} levels is refused with its own message`, async (t) => {
  const depth = 100_000
  const outcome = await inPool(
    docx(`${'<w:sdt><w:sdtContent>'.repeat(depth)}${p('deep')}${'</w:sdtContent></w:sdt>'.repeat(depth)}`),
  )
  t.match(outcome, { ok: false, reason: /nested more than \d+ levels deep/ })
  const math = await inPool(
    docx(
      `<w:p><m:oMath>${'<m:d><m:e>'.repeat(50_000)}<m:r><m:t>x</m:t></m:r>${'</m:e></m:d>'.repeat(50_000)}</m:oMath></w:p>`,
    ),
  )
  t.match(math, { ok: false, reason: /nested more than \d+ levels deep/ }, 'equations too')
})

t.test(
  'a document of more elements than the heap holds is refused with a message, not left to exhaust it',
  async (t) => {
    // Two million elements: the conversion process' bound (its 256 MB heap) is about 600 000.
    const runs = 1_000_000
    const body = `<w:p>${Array.from({ length: runs }, (_, i) => `<w:r><w:t>${i.toString(36)}</w:t></w:r>`).join('')}</w:p>`
    // A process of its own: the garbage this leaves (and tap's coverage in the child) should not weigh on the next tests.
    const own = new ConverterPool({ processes: 1, maxHeapMb: 256 })
    t.teardown(() => own.close())
    const outcome = await own.convert(mimes.docx, docx(body), { signal: AbortSignal.timeout(LIMIT_MS) })
    t.match(outcome.ok ? 'converted' : outcome.reason, /more than [\d,]+ XML elements/)
  },
)

t.test('nesting just inside the bound converts: tables in cells, equations in equations', async (t) => {
  // Each table level is four XML levels (tbl, tr, tc, p): ~60 nested tables.
  const tables = 55
  const nested = `${'<w:tbl><w:tr><w:tc>'.repeat(tables)}${p('core')}${'</w:tc></w:tr></w:tbl>'.repeat(tables)}`
  const outcome = await inPool(docx(`${p('outer')}${nested}${p('tail')}`))
  t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
  if (outcome.ok) t.match(outcome.markdown, /core[\s\S]*tail/)
  const fractions = 60
  const math = await inPool(
    docx(
      `<w:p><m:oMath>${'<m:f><m:num><m:r><m:t>1</m:t></m:r></m:num><m:den>'.repeat(fractions)}<m:r><m:t>x</m:t></m:r>${'</m:den></m:f>'.repeat(fractions)}</m:oMath></w:p>`,
    ),
  )
  t.ok(math.ok, math.ok ? 'converted' : math.reason)
  if (math.ok) t.match(math.markdown, /\\frac\{1\}/)
})

t.test(
  'an equation past any real one is kept as text and reported; one formula repeated thousands of times is translated once',
  async (t) => {
    const huge = `<w:p><m:oMath>${'<m:r><m:t>x</m:t></m:r>'.repeat(MAX_EQUATION_ELEMENTS)}</m:oMath></w:p>`
    const fraction =
      '<m:oMath><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b</m:t></m:r></m:den></m:f></m:oMath>'
    const outcome = await inPool(docx(`${huge}<w:p><w:r><w:t>Fractions:</w:t></w:r>${fraction.repeat(20_000)}</w:p>`))
    t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
    if (!outcome.ok) return
    t.ok(outcome.markdown.startsWith('x'.repeat(MAX_EQUATION_ELEMENTS)), "the huge equation's text is kept")
    t.match(outcome.report.notKept, [{ code: 'equation-too-large', count: 1 }])
    t.equal(outcome.report.found.equations, 20_000)
    t.equal(outcome.markdown.split('$\\frac{a}{b}$').length - 1, 20_000)
    t.notMatch(outcome.markdown, /\$\$\\frac/, 'equations side by side stay apart: `$a$$b$` would read as display math')
  },
)

t.test('fields that never close, and thousands nested, stay linear', async (t) => {
  const runs = 15_000
  const outcome = await inPool(
    docx(
      `<w:p>${'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "https://example.com"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'.repeat(runs)}</w:p>${p('after the fields')}`,
    ),
  )
  t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
  // Word's fields may span paragraphs: what follows an unclosed one is its result, and kept.
  if (outcome.ok) t.ok(outcome.markdown.includes('after the fields'), 'the text after the fields is kept')
})

t.test('merged cells that claim the whole grid, and spans past any real table', async (t) => {
  const rows = Array.from(
    { length: 2000 },
    (_, i) =>
      `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999999"/><w:vMerge${i === 0 ? ' w:val="restart"' : ''}/></w:tcPr>${p(`r${i}`)}</w:tc></w:tr>`,
  ).join('')
  const outcome = await inPool(docx(`<w:tbl>${rows}</w:tbl>`))
  t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
  if (outcome.ok) t.match(outcome.markdown, /rowspan="2000"/)
})

t.test(
  'styles based on each other in a circle, numbering that points nowhere, notes that reference themselves',
  async (t) => {
    const styles = `<?xml version="1.0"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="A"><w:name w:val="heading 1"/><w:basedOn w:val="B"/></w:style><w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style></w:styles>`
    const notes = `<?xml version="1.0"?><w:footnotes ${W}><w:footnote w:id="1"><w:p><w:r><w:t>note</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:footnote></w:footnotes>`
    const rels =
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="f" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="i" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../../../../etc/passwd"/></Relationships>'
    const body = `<w:p><w:pPr><w:pStyle w:val="B"/></w:pPr><w:r><w:t>Circular</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="99"/><w:numId w:val="42"/></w:numPr></w:pPr><w:r><w:t>Nowhere</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p><w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:embed="i"/></w:drawing></w:r></w:p>`
    const { markdown, report, assets } = await convertDocument(
      mimes.docx,
      docx(body, { 'word/styles.xml': styles, 'word/footnotes.xml': notes, 'word/_rels/document.xml.rels': rels }),
    )
    t.match(markdown, /^# Circular\n\nNowhere\[\^1\]\n\n\[\^1\]: note\[\^1\]\n$/)
    t.equal(assets.length, 0, 'a relationship pointing out of the package reads nothing')
    t.match(report.notKept, [{ code: 'image-missing', count: 1 }])
  },
)

t.test(
  'a table row deleted as a tracked change is left out and counted, a merge across it still spans the rows kept',
  async (t) => {
    const cell = (text: string, merge = '') =>
      `<w:tc>${merge === '' ? '' : `<w:tcPr><w:vMerge${merge === 'restart' ? ' w:val="restart"' : ''}/></w:tcPr>`}${p(text)}</w:tc>`
    const rows = [
      `<w:tr>${cell('A1', 'restart')}${cell('A2')}</w:tr>`,
      `<w:tr><w:trPr><w:del w:id="1" w:author="r"/></w:trPr>${cell('', 'continue')}${cell('deleted row')}</w:tr>`,
      `<w:tr>${cell('', 'continue')}${cell('C2')}</w:tr>`,
    ]
    const { markdown, report } = await convertDocument(mimes.docx, docx(`<w:tbl>${rows.join('')}</w:tbl>`))
    t.notMatch(markdown, /deleted row/)
    t.match(markdown, /<td rowspan="2">A1<\/td><td>A2<\/td><\/tr><tr><td>C2<\/td>/)
    t.match(report.notKept, [{ code: 'tracked-deletion-dropped', count: 1 }])
  },
)

t.test('a package without a body, or with a body that is not XML, is refused with a message', async (t) => {
  const empty = await inPool(docx('').subarray(0, 0))
  t.match(empty, { ok: false })
  const noBody = await inPool(Buffer.from(zipSync({ 'word/document.xml': strToU8('<?xml version="1.0"?><nothing/>') })))
  t.match(noBody, { ok: false, reason: /no document body/ })
})
