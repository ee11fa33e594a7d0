import t from 'tap'
import { convertAs } from '../../helpers.js'
import { IsolatedConverter } from '../../../src/process/isolated.js'
import { conversionLimits, elementBound } from '../../../src/context/limits.js'

const convert = (html: string) => convertAs('html', Buffer.from(html))
const sentence = (i: number) =>
  `Section ${i} explains how the proposal handles delivery, review and acceptance, with the budget and the risks each phase carries.`

/** A long article of about `bytes`, shaped like the bench's: headings, paragraphs with links and emphasis, lists, tables. */
function article(bytes: number): string {
  const section = (i: number) =>
    `<h2>Part ${i}</h2><p>${sentence(i)} It links to <a href="https://example.com/${i}">the appendix</a> and stresses <strong>what matters</strong>.</p><p>${sentence(i + 1)} ${sentence(i + 2)}</p><ul><li>First point of part ${i}</li><li>Second point of part ${i}</li></ul><table><tr><th>Item</th><th>Cost</th></tr><tr><td>Design ${i}</td><td>${i * 100}</td></tr></table>\n`
  const parts: string[] = ['<!doctype html><html><body><h1>A long article</h1>']
  for (let i = 1, length = 0; length < bytes; i++) length += (parts[parts.length] = section(i)).length
  return `${parts.join('')}</body></html>`
}

const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=='

t.test('what cannot be kept is counted, never dropped silently', async (t) => {
  const { markdown, report } =
    await convert(`<p>Intro</p><iframe src="https://example.com"></iframe><video src="a.mp4"></video><canvas></canvas>
    <img alt="broken" src="data:image/png;base64,"><img alt="not a picture" src="data:text/html,<b>x</b>">
    <img alt="tiff" src="data:image/tiff;base64,${pixel}"><math><mfrac><mi>a</mi></math>`)
  t.match(markdown, /^Intro\n/)
  t.match(markdown, /\[tiff\]\(assets\/image-1\.tif\)/, 'a picture browsers cannot show is linked, not shown')
  const codes = Object.fromEntries(report.notKept.map((note) => [note.code, note.count]))
  t.match(codes, {
    'embedded-frame-dropped': 1,
    'media-dropped': 1,
    'canvas-dropped': 1,
    'image-unreadable': 2,
    'image-format-unsupported': 1,
  })
  for (const note of report.notKept) t.match(note.message, /^\d+ \w/, note.message)
})

t.test('pictures past the conversion bound are reported, the text around them kept', async (t) => {
  // Distinct bytes each: the collector keeps identical pictures once.
  const images = Array.from(
    { length: 501 },
    (_, i) => `<img alt="p${i}" src="data:image/png;base64,${Buffer.from(`picture ${i}`).toString('base64')}">`,
  ).join('')
  const { markdown, assets, report } = await convert(`<p>${images} done</p>`)
  t.equal(assets.length, 500)
  t.match(report.notKept, [{ code: 'image-over-limit', count: 1 }])
  t.match(markdown, /p500 done\n$/, 'the last picture leaves its description')
})

t.test('malformed markup still converts: unclosed cells, stray end tags, tables without rows', async (t) => {
  const { markdown } = await convert(
    '<table><tr><td>a<td>b<tr><td>c</table></td></tr><p>after</p><table></table><ul><li>one<li>two</ul></b></i>',
  )
  t.match(markdown, /^\| a \| b \|\n\| --- \| --- \|\n\| c \| {2}\|$/m)
  t.match(markdown, /\nafter\n\n- one\n- two\n$/)
})

t.test('MathML that cannot be translated keeps its text and is counted', async (t) => {
  const { markdown, report } = await convert(
    '<p>before <math><mrow><mi>x</mi><mo>=</mo><mn>2</mn></mrow></math> after</p>',
  )
  t.match(markdown, /before \$x = 2\$ after|before x=2 after/)
  t.ok(report.found.equations === 1 || report.notKept.some((note) => note.code === 'equation-not-converted'))
})

t.test('a conversion that outgrows its heap fails with the memory message', async (t) => {
  const pool = new IsolatedConverter({ processes: 1, maxHeapMb: 48 })
  t.teardown(() => pool.close())
  // 40 MB of words: the decoded page alone does not fit a 48 MB heap.
  const outcome = await pool.convert(Buffer.from(`<p>${'word '.repeat(8_000_000)}</p>`), { format: 'html' })
  // The heap or the real-memory budget beside it, whichever the document meets first.
  t.match(outcome, { ok: false, reason: /needs more than the \d+ MB (of memory )?a conversion may use/ })
})

t.test('a page of more tiny elements than the heap holds is refused, not left to exhaust it', async (t) => {
  const pool = new IsolatedConverter({ processes: 1, maxHeapMb: 256 })
  t.teardown(() => pool.close())
  // About 600 000 elements at the default heap (the element bound scales with it).
  const outcome = await pool.convert(Buffer.from(`<p>${'<i>x</i>'.repeat(700_000)}</p>`), { format: 'html' })
  t.match(outcome, { ok: false, reason: /has more than [\d,]+ elements, more than a conversion can hold in memory/ })
  t.ok(elementBound(conversionLimits(), 512) > 700_000, 'this process, with its larger heap, would hold more')
})

t.test('a 10 MiB page converts within the default 256 MB conversion heap', async (t) => {
  const pool = new IsolatedConverter({ processes: 1, maxHeapMb: 256 })
  t.teardown(() => pool.close())
  const outcome = await pool.convert(Buffer.from(article(10 * 1024 * 1024)), { format: 'html' })
  t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
  if (outcome.ok) t.match(outcome.markdown, /^# A long article\n\n## Part 1\n/)
})

t.test('a page too large for reader mode converts whole within the product memory bound, and says so', async (t) => {
  // The product's bounds: a 256 MB heap and the real-memory bound beside it (352 MB).
  const pool = new IsolatedConverter({ processes: 1 })
  t.teardown(() => pool.close())
  // Under reader mode's byte bound, but a quarter million elements in <main>: reader mode's DOM
  // of it (with the page's own tree beside it) went past the 352 MB bound (ADR 102).
  const page = `<!doctype html><html><body><main><p>Start ${'<i>x</i> '.repeat(230_000)}end</p></main></body></html>`
  t.ok(page.length < conversionLimits().mainContentMaxBytes)
  const outcome = await pool.convert(Buffer.from(page), { format: 'html' })
  t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
  if (!outcome.ok) return
  // Tested, not matched: a failing match would print the whole page.
  t.ok(/^Start \*x\* \*x\* /.test(outcome.markdown), 'its start is kept')
  t.ok(/\*x\* end\n$/.test(outcome.markdown), 'its end is kept')
  t.match(outcome.report.notKept, [{ code: 'reader-mode-skipped', count: 1, message: /too large for reader mode/ }])
})

t.test('a table of links is never given to reader mode: nothing in it makes an article', async (t) => {
  const rows = Array.from({ length: 50 }, (_, i) => `<tr><td>Row ${i}</td><td><a href="/r/${i}">item</a></td></tr>`)
  const { markdown, report } = await convert(`<html><body><table>${rows.join('')}</table></body></html>`)
  t.match(markdown, /^\| Row 0 \| \[item\]\(\/r\/0\) \|/)
  t.same(report.notKept, [], 'skipped without a note: reader mode had nothing to find')
})
