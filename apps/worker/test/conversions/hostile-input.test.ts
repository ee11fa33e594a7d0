import t from 'tap'
import { ConverterPool } from '../../src/conversions/converter-pool.js'
import { fixture, mimes } from '../helpers/worker.js'

/**
 * Documents built to make a converter do more than linear work. Each must end — converted, or
 * refused with its own message — well inside a time limit that is many times what a linear
 * pass over it needs: before the fixes, every one of these ran for minutes (a quadratic
 * pre-scan, `table.rows` rebuilt per row and per column, list items located by linear search).
 */
const LIMIT_MS = 30_000

// Under tap a conversion process carries the runner's loaders and coverage: room beyond production's RSS budget.
const pool = new ConverterPool({ processes: 2, maxHeapMb: 256, maxRssMb: 640 })
t.teardown(() => pool.close())

async function convert(mime: string, bytes: Buffer) {
  return pool
    .convert(mime, bytes, { signal: AbortSignal.timeout(LIMIT_MS) })
    .catch((error: unknown) => ({ ok: false as const, reason: `aborted: ${String((error as Error).message)}` }))
}

const html: Array<[string, string, RegExp | 'converted']> = [
  ['a megabyte of unclosed "<a"', '<a'.repeat(500_000), /no text to convert/],
  ['20 000 table rows', `<table>${'<tr><td>x</td></tr>'.repeat(20_000)}</table>`, 'converted'],
  ['30 000 cells in one row', `<table><tr>${'<td>x</td>'.repeat(30_000)}</tr></table>`, 'converted'],
  [
    'one wide row over 10 000 narrow ones',
    `<table><tr>${'<td>x'.repeat(10_000)}${'<tr><td>y'.repeat(10_000)}</table>`,
    'converted',
  ],
  ['60 000 items in one numbered list', `<ol>${'<li>x'.repeat(60_000)}</ol>`, 'converted'],
  ['200 000 tags, none closed', '<span>'.repeat(200_000), /nested more than \d+ levels/],
  // htmlparser2 searches its open elements for every closing tag: the depth bound keeps that linear.
  [
    '300 open divs, then a million stray closing tags',
    `${'<div>'.repeat(300)}x${'</span>'.repeat(1_000_000)}`,
    'converted',
  ],
  ['captions (no implied end) nested 100 000 deep', '<caption>'.repeat(100_000), /nested more than \d+ levels/],
  [
    '30 000 cells of two paragraphs each (an HTML table)',
    `<table>${'<tr><td><p>a</p><p>b</p>'.repeat(30_000)}</table>`,
    'converted',
  ],
  [
    'blocks inside 390 nested spans, 500 times',
    `${'<span>'.repeat(390)}<div>x</div>${'</span>'.repeat(390)}`.repeat(500),
    'converted',
  ],
  ['a megabyte of attributes on one tag', `<p ${'a=1 '.repeat(250_000)}>x</p>`, 'converted'],
  ['a 5 MB data: picture', `<img alt="big" src="data:image/png;base64,${'A'.repeat(5_000_000)}">`, 'converted'],
  [
    '100 000 references to one footnote',
    `${'<a role="doc-noteref" href="#n">1</a> '.repeat(100_000)}<section role="doc-endnotes"><ol><li id="n">note</li></ol></section>`,
    'converted',
  ],
]

for (const [name, document, expected] of html) {
  t.test(`HTML: ${name} ends within the time limit`, async (t) => {
    const outcome = await convert(mimes.html, Buffer.from(document))
    if (expected === 'converted') t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
    else t.match(outcome.ok ? 'converted' : outcome.reason, expected)
  })
}

t.test('DOCX: the zip-bomb check counts the bytes that actually inflate, not the sizes declared', async (t) => {
  const lying = await convert(mimes.docx, fixture('lying-zip-bomb.docx'))
  t.match(lying, { ok: false, reason: /zip bomb/ }, '150 MB declared as 1 KB')
  const overlapping = await convert(mimes.docx, fixture('overlapping-zip-bomb.docx'))
  t.match(
    overlapping,
    { ok: false, reason: /entries that share their data.*zip bomb/ },
    'twenty entries over one kernel',
  )
  const honest = await convert(mimes.docx, fixture('zip-bomb.docx'))
  t.match(honest, { ok: false, reason: /would expand to \d+ MB .*zip bomb/ })
  const real = await convert(mimes.docx, fixture('proposal.docx'))
  t.ok(real.ok, 'a real document still converts')
})
