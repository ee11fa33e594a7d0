import type { Test } from 'tap'
import { openQueue, queueNames } from '@draftsmith/jobs'
import { mimes, runWorker, settled, setup, slowHtml, spawnWorker, upload, backendOf } from '../helpers/worker.js'

// slow.html is slow because it is big: its conversion needs close to the default 192 MB heap, and
// under a loaded machine's GC timing it sometimes needs more. These tests are about lifecycles,
// not memory limits (conversions.test.ts covers those): give the conversion room.
const roomy = { CONVERSION_MAX_HEAP_MB: '512' }

/**
 * The worker's lifecycle on one queue backend: draining on SIGTERM, handing back past the grace
 * period, recovering from SIGKILL, schedulers created once. One file per backend
 * (lifecycle-postgres.test.ts, lifecycle-redis.test.ts), so the two run side by side.
 */
export function lifecycleTests(t: Test, backend: { name: string; redisUrl?: string; skip?: string }): void {
  t.test(`worker lifecycle — ${backend.name}`, { skip: backend.skip }, async (t) => {
    const label = `lifecycle_${backend.redisUrl ? 'redis' : 'pg'}`

    t.test('SIGTERM: stops taking jobs, lets the active one finish, exits 0', async (t) => {
      const s = await setup(t, `${label}_drain`, backend.redisUrl, roomy)
      const worker = await spawnWorker(s, { WORKER_SHUTDOWN_GRACE_MS: '30000' })
      const id = await upload(s, 'slow.html', mimes.html, slowHtml())
      await settled(s, id, (r) => r.status === 'processing')
      worker.child.kill('SIGTERM')
      t.equal(await worker.exit, 0, worker.output())
      const row = await settled(s, id, () => true, 1000)
      t.equal(row.status, 'succeeded', 'the job in progress was finished before exiting')
      t.match(worker.output(), /stopping: no new jobs/)
      const [beat] = await s.db.sql`select stopped_at from worker_heartbeats`
      t.ok(beat?.stopped_at, 'the heartbeat says it stopped')
    })

    t.test(
      'SIGTERM past the grace period: the active job is handed back, not lost, not counted as an attempt',
      async (t) => {
        const s = await setup(t, `${label}_handback`, backend.redisUrl, roomy)
        const worker = await spawnWorker(s, { WORKER_SHUTDOWN_GRACE_MS: '100' })
        const id = await upload(s, 'slow.html', mimes.html, slowHtml())
        await settled(s, id, (r) => r.status === 'processing')
        worker.child.kill('SIGTERM')
        t.equal(await worker.exit, 0, worker.output())
        t.match(worker.output(), /handing the active jobs back/)
        const row = await settled(s, id, () => true, 1000)
        t.equal(row.status, 'queued', 'back to queued')
        const queue = await s.producer.queue()
        const job = await queue.getJob(id)
        // Conversions carry their owner's priority (fair queueing): waiting with a priority is "prioritized".
        t.equal(await job?.getState(), 'prioritized', 'the job waits for the next worker')
        t.equal(job?.attemptsMade, 0, 'no attempt spent')

        await runWorker(t, s)
        const done = await settled(s, id)
        t.equal(done.status, 'succeeded', `the next worker converts it (${done.error ?? 'no error'})`)
      },
    )

    t.test('SIGKILL mid-job, then a restart: the conversion still ends succeeded, once', async (t) => {
      const s = await setup(t, `${label}_kill`, backend.redisUrl, roomy)
      const fast = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' }
      const first = await spawnWorker(s, fast)
      const id = await upload(s, 'slow.html', mimes.html, slowHtml())
      await settled(s, id, (r) => r.status === 'processing')
      first.child.kill('SIGKILL')
      await first.exit
      t.equal((await settled(s, id, () => true, 1000)).status, 'processing', 'killed in the middle of the job')

      const second = await spawnWorker(s, fast)
      const row = await settled(s, id)
      t.equal(row.status, 'succeeded', second.output())
      t.equal(row.attempts, 2, 'started twice: once per worker')
      t.match(row.markdown, /^# Slow\n\nParagraph 0 with \*\*bold\*\*/)
      second.child.kill('SIGTERM')
      t.equal(await second.exit, 0)
      const [{ completed }] = (await s.db
        .sql`select sum(jobs_completed)::int as completed from worker_heartbeats`) as unknown as [{ completed: number }]
      t.equal(completed, 1, 'the job completed exactly once')
    })

    t.test('schedulers exist once however many workers boot', async (t) => {
      const s = await setup(t, `${label}_schedulers`, backend.redisUrl)
      await Promise.all([runWorker(t, s), runWorker(t, s), runWorker(t, s)])
      const backendConfig = backendOf(s.env)
      const { createRedisClient } = await import('@draftsmith/jobs')
      const client = backendConfig.kind === 'redis' ? createRedisClient(backendConfig.redisUrl, 'worker') : undefined
      const maintenance = openQueue(backendConfig, queueNames.maintenance, { redis: client, clientName: 'test' })
      t.teardown(async () => {
        await maintenance.close()
        client?.disconnect()
      })
      const schedulers = await maintenance.getJobSchedulers()
      t.same(schedulers.map((sch) => sch.key ?? sch.name).sort(), [
        'expired-sessions',
        'stuck-conversions',
        'upload-retention',
      ])
      const [{ alive }] = (await s.db
        .sql`select count(*)::int as alive from worker_heartbeats where stopped_at is null`) as unknown as [
        { alive: number },
      ]
      t.equal(alive, 3, 'three heartbeats')
    })
  })
}
