import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { strToU8, zipSync } from 'fflate'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs, corpus, notKeptCounts } from '../../helpers.js'

/**
 * Presentations, one slide policy whichever program saved them: PowerPoint (docling's test decks
 * of the fidelity corpus, MIT, see its SOURCES.md), the same decks saved as ODP and PPT by
 * LibreOffice (../odp/fixtures, ../ppt/fixtures), decks built here, and broken ones.
 */
const deck = (name: string) => readFileSync(`${corpus('pptx')}${name}.pptx`)
const saved = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)))
const headings = (markdown: string) => [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1])

t.test(
  'a section per slide with its title; merged table cells; bullets, numbers and levels; notes marked',
  async (t) => {
    const bytes = deck('powerpoint_sample')
    t.match(await detect(bytes, 'sample.pptx'), { ok: true, format: 'pptx' })
    const { markdown, report } = await convertAs('pptx', bytes)
    t.same(
      [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]),
      ['Slide 1: Test Table Slide', 'Slide 2: Second slide title', 'Slide 3'],
    )
    t.match(markdown, /<th colspan="3">Class1<\/th>/)
    t.match(markdown, /- With foo\n- Bar\n- And baz things/)
    t.match(markdown, /1\. List item4\n2\. List item5/)
    t.match(markdown, /> \*\*Notes:\*\* Some notes on the second slide\./)
    t.match(report.metadata, { authors: ['Maxim Lysak'] })
  },
)

t.test("a title's line breaks and paragraphs part its words (docling powerpoint_bad_text)", async (t) => {
  const { markdown } = await convertAs('pptx', deck('powerpoint_bad_text'))
  t.match(
    markdown,
    /^## Slide 1: X-Library The fully customisable and copyright-free standard content template collection exclusively for our customers\n/,
  )
})

t.test('charts become their data table, reported; pictures become assets with their alt text', async (t) => {
  const chart = await convertAs('pptx', deck('pptx_chart'))
  t.match(chart.markdown, /\| 2019 \| 120 \| 80 \|/)
  t.match(notKeptCounts(chart.report), { 'chart-as-table': 2 })
  const pictures = await convertAs('pptx', deck('powerpoint_with_image'))
  t.ok(pictures.assets.length >= 1, 'the picture is an asset')
  t.match(pictures.markdown, /!\[[^\]]*\]\(assets\/image-1\.\w+\)/)
})

t.test('damaged and foreign packages are refused with what to do', async (t) => {
  const bytes = deck('powerpoint_sample')
  await t.rejects(convertAs('pptx', bytes.subarray(0, bytes.length - 100)), {
    message: /PPTX file is damaged or incomplete.*PowerPoint/,
  })
  await t.rejects(convertAs('pptx', Buffer.from(zipSync({ 'a.txt': strToU8('x') }))), {
    message: /not a PowerPoint presentation/,
  })
})

const ODF = [
  'office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"',
  'xlink="http://www.w3.org/1999/xlink"',
]
  .map((ns) => `xmlns:${ns}`)
  .join(' ')
/** An ODP of `pages` (`draw:page` elements), the `dp9` page style hidden, with a PNG at Pictures/p.png. */
const odp = (pages: string, content = true) =>
  Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.presentation'), { level: 0 }],
      ...(content
        ? {
            'content.xml': strToU8(
              `<office:document-content ${ODF}><office:automatic-styles><style:style style:name="dp9" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style></office:automatic-styles><office:body><office:presentation>${pages}</office:presentation></office:body></office:document-content>`,
            ),
          }
        : {}),
      'Pictures/p.png': Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
        'base64',
      ),
    }),
  )
const box = (x: string, y: string, text: string, cls = '') =>
  `<draw:frame svg:x="${x}" svg:y="${y}"${cls === '' ? '' : ` presentation:class="${cls}"`}><draw:text-box><text:p>${text}</text:p></draw:text-box></draw:frame>`

t.test('ODP: the PPTX slide policy on the same deck saved by LibreOffice', async (t) => {
  const bytes = saved('odp/fixtures/lo_powerpoint_sample.odp')
  t.match(await detect(bytes, 'sample.odp'), { ok: true, format: 'odp' })
  t.match(await detect(bytes, 'sample'), { ok: true, format: 'odp' }, 'from the bytes, without a name')
  const { markdown, report } = await convertAs('odp', bytes)
  const pptx = await convertAs('pptx', deck('powerpoint_sample'))
  t.same(headings(markdown), headings(pptx.markdown))
  t.match(markdown, /<th colspan="3">.*Class1.*<\/th>/, 'the first row is the header, merged cells kept')
  t.match(markdown, /- With foo\n- Bar\n- And baz things/)
  t.match(markdown, /1\. List item4\n2\. List item5/)
  t.match(markdown, /> \*\*Notes:\*\* Some notes on the second slide\./)
  t.match(markdown, /> \*\*Notes:\*\* Final notes on the third slide\.\n>\n> Second line of notes\./)
  t.notMatch(markdown, /&lt;number&gt;|<number>/, 'slide-number placeholders left out')
  t.match(report.metadata, { authors: ['Maxim Lysak'] })
  const chart = await convertAs('odp', saved('odp/fixtures/lo_pptx_chart.odp'))
  t.match(chart.markdown, /\| 2019 \| 120 \| 80 \|/)
  t.match(notKeptCounts(chart.report), { 'chart-as-table': 2 })
  const pictures = await convertAs('odp', saved('odp/fixtures/lo_powerpoint_with_image.odp'))
  t.equal(pictures.assets.length, 1, 'the embedded picture is an asset')
  t.match(notKeptCounts(pictures.report), { 'image-missing': 1 }, 'the linked one, not in the package, is reported')
})

t.test('ODP: reading order, groups read through, alt text, hidden slides reported', async (t) => {
  const { markdown, report, assets } = await convertAs(
    'odp',
    odp(
      `<draw:page draw:name="one">${box('1cm', '9cm', 'Bottom')}${box('12cm', '4cm', 'Right')}` +
        `<draw:g>${box('1cm', '4.2cm', 'Left, in a group')}<draw:frame svg:x="1in" svg:y="1in"><draw:image xlink:href="Pictures/p.png"/><svg:title>Duck</svg:title><svg:desc>a small red dot</svg:desc></draw:frame></draw:g>` +
        `${box('1cm', '1cm', 'The title', 'title')}${box('1cm', '18cm', '3', 'page-number')}</draw:page>` +
        `<draw:page draw:style-name="dp9">${box('1cm', '1cm', 'Secret', 'title')}</draw:page>` +
        `<draw:page><draw:custom-shape svg:x="0cm" svg:y="0cm"><text:p>In a shape</text:p></draw:custom-shape></draw:page>`,
    ),
  )
  t.equal(
    markdown,
    '## Slide 1: The title\n\n![Duck: a small red dot](assets/image-1.png)\n\nLeft, in a group\n\nRight\n\nBottom\n\n## Slide 3\n\nIn a shape\n',
  )
  t.equal(assets.length, 1)
  t.match(report.notKept, [{ code: 'slide-hidden', count: 1, message: /slide 2/ }])
})

t.test('ODP: broken and foreign packages are refused with what to do', async (t) => {
  const bytes = saved('odp/fixtures/lo_powerpoint_sample.odp')
  await t.rejects(convertAs('odp', bytes.subarray(0, bytes.length - 100)), { message: /ODP file is damaged/ })
  await t.rejects(convertAs('odp', odp('', false)), { message: /not an OpenDocument presentation/ })
  await t.rejects(convertAs('odp', saved('odt/fixtures/pandoc_notes.odt')), { message: /no presentation body/ })
  await t.rejects(convertAs('odp', odp('')), { message: /has no slides/ })
  const deep = `${'<draw:g>'.repeat(5000)}${box('1cm', '1cm', 'deep')}${'</draw:g>'.repeat(5000)}`
  await t.rejects(convertAs('odp', odp(`<draw:page>${deep}</draw:page>`)), { message: /ODP/ })
})
