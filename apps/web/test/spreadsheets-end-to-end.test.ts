import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import iconv from 'iconv-lite'
import t from 'tap'
import { baseEnv } from '@draftsmith/test-support'
import { Browser, buildTestApp } from './helpers/app.js'
import { multipart } from './helpers/multipart.js'

// Workbooks and CSV through the web as a person sends them: upload → the worker (a separate,
// built process, as deployed) → Markdown and the report with the document's metadata.
const workerMain = fileURLToPath(new URL('../../worker/dist/main.js', import.meta.url))
const corpus = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../bench/fidelity/corpus/${path}`, import.meta.url)))

t.test('XLSX, XLS and a Shift-JIS CSV: upload → worker → Markdown, metadata in the report', async (t) => {
  const { app, config, db } = await buildTestApp(t, { label: 'e2e_sheets' })
  const worker = spawn(process.execPath, [workerMain], {
    env: baseEnv({ DATABASE_URL: db.databaseUrl, QUEUE_PREFIX: config.queuePrefix, LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise((resolve) => worker.once('exit', resolve))
  t.teardown(async () => {
    worker.kill('SIGTERM')
    await exited
  })
  const browser = new Browser(app)
  await browser.signup('sheets@example.com')
  const proposal = (
    await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Sheets' } })
  ).json().id
  const accepted = await browser.request({
    method: 'POST',
    url: `/api/proposals/${proposal}/conversions`,
    ...multipart([
      { filename: 'sales.xlsm', content: corpus('xlsm/xlsx_02_sample_sales_data.xlsm') },
      { filename: 'ducks.xls', content: corpus('xls/legacy_sample.xls') },
      { filename: '価格.csv', content: iconv.encode('商品名,価格\nりんご,120\n', 'cp932') },
    ]),
  })
  t.equal(accepted.statusCode, 202, accepted.body)
  const ids = accepted.json().conversions.map((c: { id: string }) => c.id) as string[]
  const final: Array<{ status: string; markdownUrl: string; sourceMime: string; report: { metadata?: unknown } }> = []
  for (const id of ids) {
    const deadline = Date.now() + 90_000
    let body = (await browser.request({ method: 'GET', url: `/api/conversions/${id}` })).json()
    while ((body.status === 'queued' || body.status === 'processing') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
      body = (await browser.request({ method: 'GET', url: `/api/conversions/${id}` })).json()
    }
    final.push(body)
  }
  t.same(
    final.map((c) => c.status),
    ['succeeded', 'succeeded', 'succeeded'],
  )
  const markdown = async (i: number) =>
    (await browser.request({ method: 'GET', url: final[i]?.markdownUrl as string })).body
  t.match(await markdown(0), /^## SalesData\n\n\| Product \| Date \| Quantity \| Revenue \|/)
  t.match(await markdown(1), /^## Duck Observations\n/)
  t.equal(await markdown(2), '| 商品名 | 価格 |\n| --- | --- |\n| りんご | 120 |\n')
  t.match(final[1]?.report.metadata, { title: 'Wild Duck Observations' })
})
