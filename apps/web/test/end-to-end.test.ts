import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import iconv from 'iconv-lite'
import t, { type Test } from 'tap'
import { baseEnv, sharedRedisUrl } from '@draftsmith/test-support'
import { Browser, buildTestApp, modes } from './helpers/app.js'
import { fixture, multipart } from './helpers/multipart.js'

// The worker as a separate process, the way it is deployed (web and worker never import each other).
const workerMain = fileURLToPath(new URL('../../worker/dist/main.js', import.meta.url))
const redis = await sharedRedisUrl()
const repository = (path: string) => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)))

/** The built worker on the test app's database and queue, stopped with SIGTERM when the test ends. */
function startWorker(t: Test, env: { databaseUrl: string; queuePrefix: string; redisUrl?: string }): void {
  const worker = spawn(process.execPath, [workerMain], {
    env: baseEnv({
      DATABASE_URL: env.databaseUrl,
      QUEUE_PREFIX: env.queuePrefix,
      LOG_LEVEL: 'warn',
      ...(env.redisUrl ? { REDIS_URL: env.redisUrl } : {}),
    }),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise((resolve) => worker.once('exit', resolve))
  t.teardown(async () => {
    worker.kill('SIGTERM')
    await exited
  })
}

interface Finished {
  status: string
  error: string | null
  markdownUrl: string | null
  progress: number
  sourceName: string
  sourceMime: string
  report: { metadata?: unknown; ocr?: unknown } | null
}

/** Each conversion as it ends (or as it stands after `ms`). */
async function finished(browser: Browser, ids: string[], ms: number): Promise<Finished[]> {
  const final: Finished[] = []
  for (const id of ids) {
    const deadline = Date.now() + ms
    let body = (await browser.request({ method: 'GET', url: `/api/conversions/${id}` })).json()
    while ((body.status === 'queued' || body.status === 'processing') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
      body = (await browser.request({ method: 'GET', url: `/api/conversions/${id}` })).json()
    }
    final.push(body)
  }
  return final
}

for (const mode of modes(redis)) {
  t.test(`upload → worker → Markdown — ${mode.name}`, { skip: mode.skip }, async (t) => {
    const { app, config, db } = await buildTestApp(t, {
      label: `e2e_${mode.redisUrl ? 'redis' : 'pg'}`,
      redisUrl: mode.redisUrl,
    })
    startWorker(t, { databaseUrl: db.databaseUrl, queuePrefix: config.queuePrefix, redisUrl: mode.redisUrl })

    const browser = new Browser(app)
    await browser.signup('e2e@example.com')
    const proposal = (
      await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Everything' } })
    ).json().id
    const accepted = await browser.request({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions`,
      ...multipart([
        { filename: 'proposal.docx', content: fixture('proposal.docx') },
        { filename: 'report.pdf', content: fixture('report.pdf') },
        { filename: 'article.html', content: fixture('article.html') },
        { filename: 'notes.md', content: fixture('notes.md') },
        { filename: 'letter.txt', content: fixture('letter.txt') },
        { filename: 'truncated.docx', content: fixture('truncated.docx') },
      ]),
    })
    t.equal(accepted.statusCode, 202, accepted.body)
    const ids = accepted.json().conversions.map((c: { id: string }) => c.id) as string[]

    const final = await finished(browser, ids, 60_000)
    t.same(
      final.map((c) => `${c.sourceName}: ${c.status}`),
      [
        'proposal.docx: succeeded',
        'report.pdf: succeeded',
        'article.html: succeeded',
        'notes.md: succeeded',
        'letter.txt: succeeded',
        'truncated.docx: failed',
      ],
    )
    t.match(final[5]?.error, /damaged or incomplete/, 'the failure says what is wrong')

    const markdown = await browser.request({ method: 'GET', url: final[0]?.markdownUrl as string })
    t.equal(markdown.statusCode, 200)
    t.match(markdown.headers['content-type'], /^text\/markdown/)
    t.match(markdown.body, /^# Quarterly Proposal/)
    const download = await browser.request({ method: 'GET', url: `${final[1]?.markdownUrl}?download=true` })
    t.equal(download.headers['content-disposition'], 'attachment; filename=report.md')
    t.match(download.body, /^# Field Report/)

    const detail = (await browser.request({ method: 'GET', url: `/api/proposals/${proposal}` })).json()
    t.equal(detail.conversions.length, 6)
    t.ok(
      detail.conversions
        .filter((c: { status: string }) => c.status === 'succeeded')
        .every((c: { progress: number; stats: { words: number } }) => c.progress === 100 && c.stats.words > 0),
    )
  })
}

t.test(
  'workbooks, a Shift-JIS CSV and a picture of a page: upload → worker → Markdown, the report says what was read',
  async (t) => {
    const { app, config, db } = await buildTestApp(t, { label: 'e2e_formats' })
    startWorker(t, { databaseUrl: db.databaseUrl, queuePrefix: config.queuePrefix })
    const browser = new Browser(app)
    await browser.signup('formats@example.com')
    const proposal = (
      await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Formats' } })
    ).json().id
    const accepted = await browser.request({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions`,
      ...multipart([
        { filename: 'sales.xlsm', content: repository('bench/fidelity/corpus/xlsm/xlsx_02_sample_sales_data.xlsm') },
        { filename: 'ducks.xls', content: repository('bench/fidelity/corpus/xls/legacy_sample.xls') },
        { filename: '価格.csv', content: iconv.encode('商品名,価格\nりんご,120\n', 'cp932') },
        // OCR in the worker's conversion process: tesseract.js and its language data, offline.
        { filename: 'page.png', content: repository('packages/convert/test/readers/image/report-page.png') },
      ]),
    })
    t.equal(accepted.statusCode, 202, accepted.body)
    const final = await finished(
      browser,
      accepted.json().conversions.map((c: { id: string }) => c.id),
      90_000,
    )
    t.same(
      final.map((c) => `${c.sourceName}: ${c.status}`),
      ['sales.xlsm: succeeded', 'ducks.xls: succeeded', '価格.csv: succeeded', 'page.png: succeeded'],
    )
    const markdown = async (i: number) =>
      (await browser.request({ method: 'GET', url: final[i]?.markdownUrl as string })).body
    t.match(await markdown(0), /^## SalesData\n\n\| Product \| Date \| Quantity \| Revenue \|/)
    t.match(await markdown(1), /^## Duck Observations\n/)
    t.equal(await markdown(2), '| 商品名 | 価格 |\n| --- | --- |\n| りんご | 120 |\n')
    t.match(final[1]?.report?.metadata, { title: 'Wild Duck Observations' })
    t.match(await markdown(3), /Quarterly Report/, 'the text of the picture, read by OCR')
    t.match(final[3]?.report?.ocr, { pages: 1, picturesOnly: 0, languages: ['eng'] }, 'the report says what OCR did')
  },
)
