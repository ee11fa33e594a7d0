import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { baseEnv, sharedRedisUrl } from '@draftsmith/test-support'
import { Browser, buildTestApp, modes } from './helpers/app.js'
import { fixture, multipart } from './helpers/multipart.js'

// The worker as a separate process, the way it is deployed (web and worker never import each other).
const workerMain = fileURLToPath(new URL('../../worker/dist/main.js', import.meta.url))
const redis = await sharedRedisUrl()

for (const mode of modes(redis)) {
  t.test(`upload → worker → Markdown — ${mode.name}`, { skip: mode.skip }, async (t) => {
    const { app, config, db } = await buildTestApp(t, {
      label: `e2e_${mode.redisUrl ? 'redis' : 'pg'}`,
      redisUrl: mode.redisUrl,
    })
    const worker = spawn(process.execPath, [workerMain], {
      env: baseEnv({
        DATABASE_URL: db.databaseUrl,
        QUEUE_PREFIX: config.queuePrefix,
        LOG_LEVEL: 'warn',
        ...(mode.redisUrl ? { REDIS_URL: mode.redisUrl } : {}),
      }),
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    t.teardown(async () => {
      worker.kill('SIGTERM')
      await exited
    })

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

    const final: Array<{
      status: string
      error: string | null
      markdownUrl: string | null
      progress: number
      sourceName: string
    }> = []
    for (const id of ids) {
      const deadline = Date.now() + 60_000
      let body = (await browser.request({ method: 'GET', url: `/api/conversions/${id}` })).json()
      while ((body.status === 'queued' || body.status === 'processing') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100))
        body = (await browser.request({ method: 'GET', url: `/api/conversions/${id}` })).json()
      }
      final.push(body)
    }
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
