import t from 'tap'
import { sharedRedisUrl, startPrivateRedis } from '@draftsmith/test-support'
import { shutdownBoundMs } from '../src/shutdown-bounds.js'
import { exitWithin, fixture, mimes, settled, setup, slowHtml, spawnWorker, upload } from './helpers/worker.js'

// SIGTERM must end the built worker with exit 0 within a bound, whatever the queue library does
// (lifecycle/ covers draining, hand-back and crash recovery).
const redis = await sharedRedisUrl()
const backends = [
  { name: 'postgres backend' },
  'url' in redis ? { name: 'redis backend', redisUrl: redis.url } : { name: 'redis backend', skip: redis.skip },
]
const defaultGraceMs = 20_000
// slow.html needs close to the default heap: these tests are not about memory limits.
const roomy = { CONVERSION_MAX_HEAP_MB: '512' }

for (const backend of backends) {
  t.test(`worker shutdown — ${backend.name}`, { skip: backend.skip }, async (t) => {
    const label = `shutdown_${backend.redisUrl ? 'redis' : 'pg'}`

    t.test("idle after a job, default settings (render.yaml's): SIGTERM exits 0 at once", async (t) => {
      const s = await setup(t, `${label}_idle`, backend.redisUrl)
      const worker = await spawnWorker(s, { NODE_ENV: 'production' }, { defaults: true })
      const id = await upload(s, 'article.html', mimes.html, fixture('article.html'))
      t.equal((await settled(s, id)).status, 'succeeded')
      // Back to waiting for the next job (the blocking call on Redis, LISTEN on Postgres).
      await new Promise((r) => setTimeout(r, 1500))
      worker.child.kill('SIGTERM')
      // Nothing is active: it must not spend its grace period, let alone outlive it.
      t.equal(await exitWithin(worker, defaultGraceMs - 5000), 0, worker.output())
      t.notMatch(worker.output(), /grace period over|did not finish closing/)
      t.match(worker.output(), /"msg":"stopped"/)
      const [beat] = await s.db.sql`select stopped_at, jobs_completed from worker_heartbeats`
      t.ok(beat?.stopped_at, 'the heartbeat says it stopped')
      t.equal(beat?.jobs_completed, 1)
    })
  })
}

t.test(
  'a Redis that stops answering mid-job cannot hold the shutdown: exit 0 within the bound',
  { skip: 'url' in redis ? undefined : redis.skip },
  async (t) => {
    const privateRedis = await startPrivateRedis(t)
    const s = await setup(t, 'shutdown_frozen', privateRedis.url, roomy)
    const graceMs = 500
    const worker = await spawnWorker(s, { WORKER_SHUTDOWN_GRACE_MS: String(graceMs) })
    const id = await upload(s, 'slow.html', mimes.html, slowHtml())
    await settled(s, id, (r) => r.status === 'processing')
    // Connections stay open, nothing answers: BullMQ's close() and the hand-back never settle.
    privateRedis.freeze()
    worker.child.kill('SIGTERM')
    const code = await exitWithin(worker, shutdownBoundMs(graceMs) + 5000)
    privateRedis.thaw()
    t.equal(code, 0, worker.output())
    t.match(worker.output(), /handing the active jobs back/)
    t.match(worker.output(), /did not confirm the hand-back in time/)
    t.match(worker.output(), /"msg":"stopped"/)
    const row = await settled(s, id, () => true, 1000)
    t.equal(
      row.status,
      'queued',
      'the row was handed back; the job returns through the stalled check once Redis answers',
    )
  },
)

t.test('pretty logs (LOG_PRETTY=1, what `pnpm dev` sets): the worker starts and stops', async (t) => {
  const s = await setup(t, 'shutdown_pretty', undefined)
  const worker = await spawnWorker(s, { LOG_PRETTY: '1' })
  t.notMatch(worker.output(), /^\{/m, 'not JSON')
  worker.child.kill('SIGTERM')
  t.equal(await exitWithin(worker, 15_000), 0, worker.output())
  t.match(worker.output(), /INFO.*stopped/)
})
