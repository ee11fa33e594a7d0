import t from 'tap'
import { convert, detect, engine, ConversionInputError } from '../src/index.js'
import { corpus, fixture } from './helpers.js'
import { readFileSync } from 'node:fs'
import { defaultContext } from '../src/context/context.js'
import { writeMarkdown } from '../src/markdown/index.js'
import { documentRoot, element } from '../src/tree/build.js'

t.test('the same document gives the same Markdown and the same asset names, every time', async (t) => {
  for (const [name, bytes] of [
    ['proposal.docx', fixture('proposal.docx')],
    ['article.html', fixture('article.html')],
    ['redp5110_sampled.pdf', readFileSync(`${corpus('pdf')}redp5110_sampled.pdf`)],
  ] as const) {
    const [first, second] = [await convert(bytes, { name }), await convert(bytes, { name })]
    t.equal(second.markdown, first.markdown, `${name}: Markdown`)
    t.same(
      second.assets.map((a) => [a.name, a.sha256]),
      first.assets.map((a) => [a.name, a.sha256]),
      `${name}: assets`,
    )
    t.same(second.report, first.report, `${name}: report`)
  }
})

t.test('every report names the engine that made it', async (t) => {
  const { report } = await convert(fixture('letter.txt'))
  t.equal(report.engine, engine)
  t.match(engine, /^@draftsmith\/convert \d+\.\d+\.\d+/)
})

t.test('the format is detected from the content; a name cannot make text a PDF', async (t) => {
  t.match(await detect(fixture('report.pdf')), { ok: true, format: 'pdf', mime: 'application/pdf' })
  t.match(await detect(fixture('notes.md'), 'notes.md'), { ok: true, format: 'markdown' })
  t.match(await detect(fixture('letter.txt'), 'letter.pdf'), {
    ok: false,
    reason: /named \.pdf but its content is text/,
  })
  t.match(await detect(fixture('pixel.png')), { ok: true, format: 'png', mime: 'image/png' })
  t.match(await detect(fixture('pixel.png'), 'scan.jpg'), { ok: true, format: 'png' }, 'a picture by its content')
  t.match(await detect(fixture('pixel.png'), 'cv.docx'), {
    ok: false,
    reason: /named \.docx but its content is a PNG picture/,
  })
  t.match(await detect(fixture('pixel.gif')), { ok: false, reason: /is a GIF file/ })
  await t.rejects(convert(fixture('pixel.gif'), { name: 'pixel.gif' }), ConversionInputError)
})

t.test(
  'text without a name: HTML when it starts like a page, Markdown when it writes Markdown, else text',
  async (t) => {
    const unnamed = async (text: string) => ((await detect(Buffer.from(text))) as { format: string }).format
    t.equal(await unnamed('<!doctype html><title>x</title>'), 'html')
    t.equal(await unnamed(fixture('notes.md').toString()), 'markdown', 'an ATX heading')
    t.equal(await unnamed('Intro\n\n```js\nlet a\n```\n'), 'markdown', 'a fence')
    t.equal(await unnamed('| a | b |\n|---|:-:|\n| 1 | 2 |\n'), 'markdown', 'a table')
    t.equal(await unnamed('See [the spec](https://example.com/spec).'), 'markdown', 'a link with a target')
    t.equal(await unnamed(fixture('letter.txt').toString()), 'text')
    t.equal(await unnamed('Prices: 3 * 4 = 12 #1 [draft]\n- a dash line\n'), 'text', 'stray symbols are not syntax')
    t.equal(await unnamed('# heading'), 'markdown')
    t.same(
      await detect(Buffer.from('# heading'), undefined, 'text/plain'),
      {
        ok: true,
        format: 'text',
        mime: 'text/plain',
      },
      'a declared type still decides',
    )
  },
)

t.test('an aborted conversion stops with the signal’s reason', async (t) => {
  const controller = new AbortController()
  controller.abort(new Error('gave up'))
  await t.rejects(convert(fixture('proposal.docx'), { signal: controller.signal }), { message: 'gave up' })
})

t.test('pictures are linked under the prefix asked for', async (t) => {
  const { markdown } = await convert(fixture('proposal.docx'), { assetPrefix: 'proposal.assets/' })
  t.match(markdown, /\]\(proposal\.assets\/image-1\.png\)/)
})

t.test('a block of 200,000 paragraphs is written, not a RangeError from spreading them as arguments', async (t) => {
  const root = documentRoot()
  root.children.push(
    element(
      'div',
      {},
      Array.from({ length: 200_000 }, () => element('p', {}, ['a'])),
    ),
  )
  t.equal(writeMarkdown(root, defaultContext()).length, 200_000 * 3 - 1)
})
