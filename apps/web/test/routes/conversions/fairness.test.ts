import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { baseEnv, sharedRedisUrl } from '@draftsmith/test-support'
import { Browser, buildTestApp, modes } from '../../helpers/app.js'
import { multipart } from '../../helpers/multipart.js'

const workerMain = fileURLToPath(new URL('../../../../worker/dist/main.js', import.meta.url))
const redis = await sharedRedisUrl()

for (const mode of modes(redis)) {
  t.test(
    `one visitor's backlog does not hold up another visitor's file — ${mode.name}`,
    { skip: mode.skip },
    async (t) => {
      const { app, config, db } = await buildTestApp(t, {
        label: `fairness_${mode.redisUrl ? 'redis' : 'pg'}`,
        redisUrl: mode.redisUrl,
      })
      const busy = new Browser(app)
      const busyProposal = (
        await busy.request({ method: 'POST', url: '/api/proposals', payload: { title: 'a hundred files' } })
      ).json().id as string
      for (let batch = 0; batch < 3; batch++) {
        const files = Array.from({ length: 10 }, (_, i) => ({
          filename: `busy-${batch}-${i}.txt`,
          content: `busy document ${batch} ${i}`,
        }))
        t.equal(
          (
            await busy.request({
              method: 'POST',
              url: `/api/proposals/${busyProposal}/conversions`,
              ...multipart(files),
            })
          ).statusCode,
          202,
        )
      }
      // Another visitor, from another address: one address's backlog is that address's (ADR 043).
      const other = new Browser(app)
      const elsewhere = { remoteAddress: '198.51.100.23' }
      const otherProposal = (
        await other.request({ method: 'POST', url: '/api/proposals', payload: { title: 'one file' }, ...elsewhere })
      ).json().id as string
      const single = await other.request({
        method: 'POST',
        url: `/api/proposals/${otherProposal}/conversions`,
        ...multipart([{ filename: 'mine.txt', content: 'just this one' }]),
        ...elsewhere,
      })
      t.equal(single.statusCode, 202)
      const mine = single.json().conversions[0].id as string

      // One conversion at a time, started once everything is queued: the order it takes is the queue's.
      const worker = spawn(process.execPath, [workerMain], {
        env: baseEnv({
          DATABASE_URL: db.databaseUrl,
          QUEUE_PREFIX: config.queuePrefix,
          LOG_LEVEL: 'warn',
          WORKER_CONCURRENCY: '1',
          ...(mode.redisUrl ? { REDIS_URL: mode.redisUrl } : {}),
        }),
        stdio: ['ignore', 'ignore', 'inherit'],
      })
      const exited = new Promise((resolve) => worker.once('exit', resolve))
      t.teardown(async () => {
        worker.kill('SIGTERM')
        await exited
      })
      const deadline = Date.now() + 120_000
      let finished: Array<{ id: string }> = []
      while (Date.now() < deadline) {
        finished = await db.sql<
          { id: string }[]
        >`select id from conversions where status in ('succeeded', 'failed') order by finished_at, id`
        if (finished.length === 31) break
        await new Promise((r) => setTimeout(r, 200))
      }
      t.equal(finished.length, 31, 'every file was converted')
      const before = finished.findIndex((row) => row.id === mine)
      t.ok(
        before >= 0 && before <= 2,
        `the single file was converted after ${before} of the thirty queued before it (at most a few)`,
      )
    },
  )
}
