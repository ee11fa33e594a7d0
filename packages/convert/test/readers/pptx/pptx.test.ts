import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import CFB from 'cfb'
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
/** An ODP of `pages` (`draw:page` elements), the `dp9` page style hidden, list style `L0` without a label, a PNG at Pictures/p.png. */
const odp = (pages: string, content = true) =>
  Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.presentation'), { level: 0 }],
      ...(content
        ? {
            'content.xml': strToU8(
              `<office:document-content ${ODF}><office:automatic-styles><style:style style:name="dp9" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style><text:list-style style:name="L0"><text:list-level-style-number text:level="1" style:num-format=""/></text:list-style></office:automatic-styles><office:body><office:presentation>${pages}</office:presentation></office:body></office:document-content>`,
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

t.test(
  'ODP: reading order, groups read through, alt text, unlabelled list levels as paragraphs, hidden slides reported',
  async (t) => {
    const { markdown, report, assets } = await convertAs(
      'odp',
      odp(
        `<draw:page draw:name="one">${box('1cm', '9cm', 'Bottom')}${box('12cm', '4cm', 'Right')}` +
          `<draw:g>${box('1cm', '4.2cm', 'Left, in a group')}<draw:frame svg:x="1in" svg:y="1in"><draw:image xlink:href="Pictures/p.png"/><svg:title>Duck</svg:title><svg:desc>a small red dot</svg:desc></draw:frame></draw:g>` +
          `${box('1cm', '1cm', 'The title', 'title')}${box('1cm', '18cm', '3', 'page-number')}</draw:page>` +
          `<draw:page draw:style-name="dp9">${box('1cm', '1cm', 'Secret', 'title')}</draw:page>` +
          `<draw:page><draw:custom-shape svg:x="0cm" svg:y="0cm"><text:p>In a shape</text:p><text:list text:style-name="L0"><text:list-item><text:p>No label</text:p></text:list-item></text:list></draw:custom-shape></draw:page>`,
      ),
    )
    t.equal(
      markdown,
      '## Slide 1: The title\n\n![Duck: a small red dot](assets/image-1.png)\n\nLeft, in a group\n\nRight\n\nBottom\n\n## Slide 3\n\nIn a shape\n\nNo label\n',
    )
    t.equal(assets.length, 1)
    t.match(report.notKept, [{ code: 'slide-hidden', count: 1, message: /slide 2/ }])
  },
)

t.test('ODP: broken and foreign packages are refused with what to do', async (t) => {
  const bytes = saved('odp/fixtures/lo_powerpoint_sample.odp')
  await t.rejects(convertAs('odp', bytes.subarray(0, bytes.length - 100)), { message: /ODP file is damaged/ })
  await t.rejects(convertAs('odp', odp('', false)), { message: /not an OpenDocument presentation/ })
  await t.rejects(convertAs('odp', saved('odt/fixtures/pandoc_notes.odt')), { message: /no presentation body/ })
  await t.rejects(convertAs('odp', odp('')), { message: /has no slides/ })
  const deep = `${'<draw:g>'.repeat(5000)}${box('1cm', '1cm', 'deep')}${'</draw:g>'.repeat(5000)}`
  await t.rejects(convertAs('odp', odp(`<draw:page>${deep}</draw:page>`)), { message: /ODP/ })
})

/** A PPT's records ([MS-PPT] RecordHeader): a container when given records, an atom when given bytes. */
const rec = (type: number, body: Buffer | Buffer[], instance = 0) => {
  const data = Array.isArray(body) ? Buffer.concat(body) : body
  const head = Buffer.alloc(8)
  head.writeUInt16LE((instance << 4) | (Array.isArray(body) ? 0xf : 0), 0)
  head.writeUInt16LE(type, 2)
  head.writeUInt32LE(data.length, 4)
  return Buffer.concat([head, data])
}
const u32 = (...values: number[]) => Buffer.concat(values.map((v) => Buffer.from(Uint32Array.of(v >>> 0).buffer)))
const compound = (streams: Record<string, Buffer>) => {
  const file = CFB.utils.cfb_new()
  for (const [name, content] of Object.entries(streams)) CFB.utils.cfb_add(file, name, content)
  return Buffer.from(CFB.write(file, { type: 'buffer' }) as Uint8Array)
}
/** A text box at (left, top) master units: a TextHeaderAtom of `type`, its Latin-1 text, and paragraph levels/bullets. */
const textBox = (
  left: number,
  top: number,
  type: number,
  text: string,
  runs: Array<[number, number, boolean]> = [],
) => {
  const anchor = Buffer.alloc(8)
  anchor.writeInt16LE(top, 0)
  anchor.writeInt16LE(left, 2)
  const style = runs.map(([count, level, bullet]) => {
    const run = Buffer.alloc(12)
    run.writeUInt32LE(count, 0)
    run.writeUInt16LE(level, 4)
    run.writeUInt32LE(1, 6) // masks: hasBullet
    run.writeUInt16LE(bullet ? 1 : 0, 10)
    return run
  })
  return rec(0xf004, [
    rec(0xf010, anchor),
    rec(0xf00d, [
      rec(0x0f9f, u32(type)),
      rec(0x0fa8, Buffer.from(text, 'latin1')),
      ...(runs.length > 0 ? [rec(0x0fa1, Buffer.concat(style))] : []),
    ]),
  ])
}
/** A PPT of slides (each its shapes), built record by record: the document, the slides, the persist directory, the edit. */
const ppt = (slides: Buffer[][]) => {
  const document = rec(0x03e8, [
    rec(
      0x0ff0,
      slides.map((_, i) => rec(0x03f3, u32(2 + i, 0, 0, 256 + i, 0))),
    ),
  ])
  const parts = [document]
  for (const shapes of slides)
    parts.push(
      rec(0x03ee, [
        rec(0x03ef, Buffer.alloc(24)),
        rec(0x040c, [rec(0xf002, [rec(0xf003, [rec(0xf004, []), ...shapes])])]),
      ]),
    )
  const offsets: number[] = []
  let at = 0
  for (const part of parts) {
    offsets.push(at)
    at += part.length
  }
  const directory = rec(0x1772, u32(((parts.length << 20) | 1) >>> 0, ...offsets))
  const edit = Buffer.alloc(28)
  edit.writeUInt32LE(at, 12)
  edit.writeUInt32LE(1, 16)
  const user = Buffer.alloc(24)
  user.writeUInt32LE(at + directory.length, 16)
  return compound({
    'PowerPoint Document': Buffer.concat([...parts, directory, rec(0x0ff5, edit)]),
    'Current User': user,
  })
}
/** The fixture with its `PowerPoint Document` stream changed by `edit`. */
const patched = (bytes: Buffer, edit: (stream: Buffer, currentEdit: number) => Buffer) => {
  const file = CFB.read(bytes, { type: 'buffer' })
  const entry = CFB.find(file, 'PowerPoint Document') as CFB.CFB$Entry
  const user = Buffer.from((CFB.find(file, 'Current User') as CFB.CFB$Entry).content as Uint8Array)
  const content = edit(Buffer.from(entry.content as Uint8Array), user.readUInt32LE(16))
  entry.content = content
  entry.size = content.length
  return Buffer.from(CFB.write(file, { type: 'buffer' }) as Uint8Array)
}
/** Offsets of the stream's top-level records of `type`. */
const topLevel = (stream: Buffer, type: number) => {
  const found: number[] = []
  for (let offset = 0; offset + 8 <= stream.length; offset += 8 + stream.readUInt32LE(offset + 4))
    if (stream.readUInt16LE(offset + 2) === type) found.push(offset)
  return found
}

t.test('PPT: the PPTX slide policy on the same deck saved as PowerPoint 97–2003, its table rebuilt', async (t) => {
  const bytes = saved('ppt/fixtures/lo_powerpoint_sample.ppt')
  t.match(await detect(bytes, 'sample.ppt'), { ok: true, format: 'ppt' })
  t.match(await detect(bytes), { ok: true, format: 'ppt' }, 'from the bytes, without a name')
  const { markdown, report } = await convertAs('ppt', bytes)
  t.same(headings(markdown), headings((await convertAs('pptx', deck('powerpoint_sample'))).markdown))
  t.match(markdown, /Let’s introduce a list\n\n- With foo\n- Bar\n- And baz things/)
  t.match(markdown, /> \*\*Notes:\*\* Some notes on the second slide\./)
  t.match(markdown, /> \*\*Notes:\*\* Final notes on the third slide\.\n>\n> Second line of notes\./)
  t.match(
    markdown,
    /<table><tr><th><\/th><th colspan="3">Class1<\/th>.*<td colspan="2">A merged with B<\/td>.*<td rowspan="3">R4<\/td>/,
    'the table rebuilt from its cells, merged cells spanning',
  )
  t.same(report.notKept, [])
  const hidden = patched(bytes, (stream) => {
    const slide = topLevel(stream, 0x03ee)[1] as number
    // The second slide's SlideShowSlideInfoAtom (after its SlideAtom): fHidden is bit 2 of the flags at 10.
    const info = slide + 8 + 8 + 24
    t.equal(stream.readUInt16LE(info + 2), 0x03f9)
    stream.writeUInt16LE(stream.readUInt16LE(info + 8 + 10) | 4, info + 8 + 10)
    return stream
  })
  const withHidden = await convertAs('ppt', hidden)
  t.same(headings(withHidden.markdown), ['Slide 1: Test Table Slide', 'Slide 3'])
  t.match(withHidden.report.notKept, [{ code: 'slide-hidden', message: '1 hidden slide left out (slide 2)' }])
})

t.test(
  'PPT: text boxes in reading order, groups read through, bullets by level, pictures and unplaced tables reported',
  async (t) => {
    const picture = rec(0xf004, [rec(0xf00b, Buffer.from([0x04, 0x41, 1, 0, 0, 0]), 1), rec(0xf010, Buffer.alloc(8))])
    const group = rec(0xf003, [
      rec(0xf004, [rec(0xf010, Buffer.from([0, 2, 0, 0, 0, 0, 0, 0]))]),
      textBox(0, 0, 4, 'First in the group'),
      textBox(0, 0, 4, 'Second in the group'),
    ])
    const { markdown, report } = await convertAs(
      'ppt',
      ppt([
        [
          textBox(100, 900, 1, 'Café\rOne deeper\rTwo deeper\rNot a bullet', [
            [5, 0, true],
            [11, 1, true],
            [11, 1, true],
            [13, 0, false],
          ]),
          group,
          textBox(10, 100, 0, 'Built by hand'),
          picture,
        ],
        [textBox(10, 100, 4, 'Only a box')],
        // A table group whose cells have no child anchors: read as its text, reported.
        [rec(0xf003, [rec(0xf004, [rec(0xf122, Buffer.from([0xa0, 0x03, 0, 0, 0, 0]), 1)]), textBox(0, 0, 4, 'Cell')])],
      ]),
    )
    t.equal(
      markdown,
      '## Slide 1: Built by hand\n\nFirst in the group\n\nSecond in the group\n\n- Café\n  - One deeper\n  - Two deeper\n\nNot a bullet\n\n## Slide 2\n\nOnly a box\n\n## Slide 3\n\nCell\n',
    )
    t.match(notKeptCounts(report), { 'ppt-picture-not-kept': 1, 'ppt-table-as-text': 1 })
  },
)

t.test('PPT: damaged, looping and crafted streams end in a clear error or a bounded read', async (t) => {
  const bytes = saved('ppt/fixtures/lo_powerpoint_sample.ppt')
  await t.rejects(
    convertAs(
      'ppt',
      patched(bytes, (stream) => stream.subarray(0, stream.length >> 1)),
    ),
    { message: /PPT file is damaged \(a record points past the end of the stream\)/ },
    'a truncated stream',
  )
  await t.rejects(
    convertAs(
      'ppt',
      patched(bytes, (stream) => {
        stream.writeUInt32LE(0x7fffffff, 4)
        return stream
      }),
    ),
    { message: /PPT file is damaged \(a record is longer than what holds it\)/ },
    'a record length past the end',
  )
  const looped = patched(bytes, (stream, edit) => {
    stream.writeUInt32LE(edit, edit + 8 + 8)
    return stream
  })
  t.equal(
    headings((await convertAs('ppt', looped)).markdown).length,
    3,
    'an edit chain that loops to itself ends there',
  )
  let deep = textBox(0, 0, 4, 'deep')
  for (let i = 0; i < 40; i++) deep = rec(0xf003, [rec(0xf004, []), deep])
  await t.rejects(convertAs('ppt', ppt([[deep]])), { message: /groups of shapes nest more than 32 deep/ })
  await t.rejects(convertAs('ppt', ppt([])), { message: /has no slides/ })
  await t.rejects(convertAs('ppt', saved('doc/fixtures/lo_word_tables.doc')), {
    message: /not a PowerPoint presentation/,
  })
  await t.rejects(convertAs('ppt', bytes.subarray(0, 4096)), { message: /PPT file could not be read/ })
})
