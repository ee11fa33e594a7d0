import { readFileSync } from 'node:fs'
import { strToU8, zipSync } from 'fflate'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs, corpus, notKeptCounts } from '../../helpers.js'

/** PowerPoint: docling's test presentations of the fidelity corpus (MIT, see its SOURCES.md), and broken ones. */
const deck = (name: string) => readFileSync(`${corpus('pptx')}${name}.pptx`)

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
