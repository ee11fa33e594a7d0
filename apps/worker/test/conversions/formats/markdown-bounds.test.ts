import { nestedListMarkdown, nestedQuotesMarkdown } from '@draftsmith/test-support'
import t from 'tap'
import { ConverterPool } from '../../../src/conversions/converter-pool.js'
import { convertDocument } from '../../../src/conversions/convert.js'
import { mimes } from '../../helpers/worker.js'

/**
 * Issue 17, finding 7: pathological Markdown converts in bounded time (the worker spent 27.8 s on
 * a 3,000-level list), and what it passes through to readers nests at most 32 levels deep.
 */
const LIMIT_MS = 20_000

/** The deepest a line can nest: its `>` and list markers, and a level per two columns of each run of blanks. */
function deepest(markdown: string): number {
  let max = 0
  for (const line of markdown.split('\n')) {
    const prefix = /^(?:[ \t]|>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))*/.exec(line)?.[0] ?? ''
    const markers = (prefix.match(/>|[-+*]|\d{1,9}[.)]/g) ?? []).length
    // Each run of blanks opens a level per two columns at most.
    const levels = (prefix.replace(/\t/g, '    ').match(/ +/g) ?? []).reduce(
      (n, run) => n + Math.floor(run.length / 2),
      0,
    )
    max = Math.max(max, markers + levels)
  }
  return max
}

const pool = new ConverterPool({ processes: 1, maxHeapMb: 256 })
t.teardown(() => pool.close())

for (const [name, markdown, lines] of [
  ['20,000 nested block quotes', nestedQuotesMarkdown(20_000), 1],
  ['a list nested 3,000 levels deep (9 MB)', nestedListMarkdown(3000), 3000 - 32],
] as const) {
  t.test(`${name} converts within the time limit, flattened to 32 levels and reported`, async (t) => {
    const outcome = await pool.convert(mimes.markdown, Buffer.from(markdown), { signal: AbortSignal.timeout(LIMIT_MS) })
    t.ok(outcome.ok, outcome.ok ? 'converted' : outcome.reason)
    if (!outcome.ok) return
    t.ok(deepest(outcome.markdown) <= 32, `nests ${deepest(outcome.markdown)} deep`)
    t.match(outcome.report.notKept, [
      {
        code: 'nesting-flattened',
        count: lines,
        message: /nested more than 32 quotes or lists deep flattened to 32 levels/,
      },
    ])
    t.match(outcome.markdown, /deep\n$|- item 3000\n$/, 'the innermost text is kept')
  })
}

t.test('Markdown within the bound passes through unchanged', async (t) => {
  const markdown = `${nestedListMarkdown(20)}\n> > quoted\n\n\`\`\`\n        indented code\n\`\`\`\n`
  const { markdown: out, report } = await convertDocument(mimes.markdown, Buffer.from(markdown))
  t.equal(out, markdown)
  t.same(report.notKept, [])
})

t.test('a deep list keeps each item as an item, at the deepest level kept', async (t) => {
  const { markdown } = await convertDocument(mimes.markdown, Buffer.from(nestedListMarkdown(40)))
  const lines = markdown.trimEnd().split('\n')
  t.equal(lines.length, 40)
  t.ok(
    lines.every((line) => /^ *- item \d+$/.test(line)),
    'every line is still a list item',
  )
  t.equal(lines[39], `${' '.repeat(62)}- item 40`)
})
