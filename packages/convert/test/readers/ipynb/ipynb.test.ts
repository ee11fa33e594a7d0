import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { convert } from '../../../src/convert.js'
import { detect } from '../../../src/detect.js'
import { IsolatedConverter } from '../../../src/process/isolated.js'
import { notKeptCounts } from '../../helpers.js'

/** nbformat's own test notebook (BSD-3-Clause; fixtures/SOURCES.md). */
const test4 = readFileSync(fileURLToPath(new URL('fixtures/test4.ipynb', import.meta.url)))

const notebook = (cells: unknown[], metadata: unknown = {}) =>
  Buffer.from(JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata, cells }))

t.test(
  "nbformat's test notebook: Markdown cells as written, code fenced, outputs kept, the picture an asset",
  async (t) => {
    t.match(await detect(test4), { ok: true, format: 'ipynb', mime: 'application/x-ipynb+json' })
    t.match(await detect(test4, 'notes.json'), { ok: true, format: 'ipynb' }, 'a notebook named .json is a notebook')
    const { markdown, assets } = await convert(test4)
    t.match(markdown, /^# nbconvert latex test\n\n\*\*Lorem ipsum\*\* dolor/)
    t.match(
      markdown,
      /## Printed Using Python\n\n```\nfrom __future__ import annotations\n\nprint\("hello"\)\n```\n\n```text\nhello\n```/,
    )
    t.match(markdown, /\n\*\*HTML\*\*\n/, 'an HTML result through the HTML reader, its script left out')
    t.notMatch(markdown, /console\.log\("hello"\)\n<\/script>/)
    t.match(markdown, /### Image\n[\s\S]*!\[\]\(assets\/image-1\.png\)/)
    t.equal(assets[0]?.contentType, 'image/png')
  },
)

t.test(
  "the kernel's language names the fences; the title from metadata; errors without terminal colours",
  async (t) => {
    const { markdown } = await convert(
      notebook(
        [
          {
            cell_type: 'code',
            source: ['1 / 0'],
            outputs: [
              {
                output_type: 'error',
                ename: 'ZeroDivisionError',
                evalue: 'division by zero',
                traceback: ['\u001b[0;31mZeroDivisionError\u001b[0m: division by zero'],
              },
            ],
          },
          {
            cell_type: 'code',
            source: 'df',
            outputs: [
              {
                output_type: 'execute_result',
                data: {
                  'text/plain': ['   a\n0  1'],
                  'text/html': ['<table><tr><th>a</th></tr><tr><td>1</td></tr></table>'],
                },
              },
            ],
          },
        ],
        { title: 'Division', kernelspec: { language: 'python', name: 'python3' } },
      ),
    )
    t.match(markdown, /^# Division\n\n```python\n1 \/ 0\n```\n\n```text\nZeroDivisionError: division by zero\n```/)
    t.match(markdown, /\| a \|\n\| --- \|\n\| 1 \|/, 'a DataFrame as a table')
  },
)

t.test('a notebook with a 50 MB output converts within the bounds, the output cut and counted', async (t) => {
  const pool = new IsolatedConverter({ processes: 1, maxHeapMb: 256 })
  t.teardown(() => pool.close())
  const line = 'step 0123456789 loss 0.123456 accuracy 0.987654 elapsed 12.3 s\n'
  const huge = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))
  const bytes = notebook([
    { cell_type: 'markdown', source: '# Training' },
    { cell_type: 'code', source: 'train()', outputs: [{ output_type: 'stream', name: 'stdout', text: huge }] },
    { cell_type: 'markdown', source: 'Done.' },
  ])
  const started = Date.now()
  const outcome = await pool.convert(bytes, { format: 'ipynb' })
  t.ok(outcome.ok, outcome.ok ? '' : outcome.reason)
  if (!outcome.ok) return
  t.match(outcome.markdown, /^# Training\n\n```\ntrain\(\)\n```\n\n```text\nstep 0123456789/)
  t.match(outcome.markdown, /\n…\n```\n\nDone\.\n$/)
  t.ok(outcome.markdown.length < 100 * 1024)
  t.ok((notKeptCounts(outcome.report)['notebook-output-truncated'] ?? 0) > 800_000)
  t.ok(Date.now() - started < 60_000)
})

t.test('a notebook that is not JSON, or has no cells, is refused with a message', async (t) => {
  await t.rejects(convert(Buffer.from('{"cells": ['), { format: 'ipynb' }), {
    name: 'ConversionInputError',
    message: /notebook cannot be read/,
  })
  await t.rejects(convert(Buffer.from('{"nbformat": 4}'), { format: 'ipynb' }), { message: /no cells/ })
})
