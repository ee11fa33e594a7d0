import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { openQueue, queueBackendFromEnv, queueNames } from '@draftsmith/jobs'
import { baseEnv, runNode, sharedRedisUrl, startPrivateRedis } from '@draftsmith/test-support'
import { shutdownBoundMs } from '../src/shutdown-bounds.js'
import { fixture, mimes, runWorker, settled, setup, slowHtml, upload, type Setup } from './helpers/worker.js'

const mainPath = fileURLToPath(new URL('../dist/main.js', import.meta.url))
const redis = await sharedRedisUrl()
const backends = [{ name: 'postgres backend' }, 'url' in redis ? { name: 'redis backend', redisUrl: redis.url } : { name: 'redis backend', skip: redis.skip }]

// slow.html is slow because it is big: its conversion needs close to the default 192 MB heap, and
// under a loaded machine's GC timing it sometimes needs more. These tests are about lifecycles,
// not memory limits (conversions.test.ts covers those): give the conversion room.
const roomy = { CONVERSION_MAX_HEAP_MB: '512' }

interface Process {
  child: ChildProcess
  exit: Promise<number | null>
  output: () => string
}

/**
 * The built worker, as `pnpm --filter @draftsmith/worker start` runs it. `defaults`: only what
 * render.yaml sets (no shortened heartbeat), to catch what only the default timings do.
 */
async function spawnWorker(s: Setup, env: Record<string, string> = {}, options: { defaults?: boolean } = {}): Promise<Process> {
  const tuned = options.defaults ? {} : { LOG_LEVEL: 'info', HEARTBEAT_INTERVAL_MS: '500' }
  const child = spawn(process.execPath, [mainPath], { env: baseEnv({ ...tuned, ...s.env, ...env }), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (c) => (output += c))
  child.stderr?.on('data', (c) => (output += c))
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + 20_000
  while (!output.includes('worker started')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the worker did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  return { child, exit, output: () => output }
}

/** The exit code, or a failure naming the bound when the process outlives it (then it is killed). */
async function exitWithin(worker: Process, ms: number): Promise<number | null | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))
  const result = await Promise.race([worker.exit, late])
  clearTimeout(timer)
  if (result === 'timeout') worker.child.kill('SIGKILL')
  return result
}

const defaultGraceMs = 20_000

for (const backend of backends) {
  t.test(`worker lifecycle — ${backend.name}`, { skip: backend.skip }, async (t) => {
    const label = `lifecycle_${backend.redisUrl ? 'redis' : 'pg'}`

    t.test('idle after a job, default settings (render.yaml\'s): SIGTERM exits 0 at once', async (t) => {
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

    t.test('SIGTERM past the grace period: the active job is handed back, not lost, not counted as an attempt', async (t) => {
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
      t.equal(await job?.getState(), 'waiting', 'the job waits for the next worker')
      t.equal(job?.attemptsMade, 0, 'no attempt spent')

      await runWorker(t, s)
      const done = await settled(s, id)
      t.equal(done.status, 'succeeded', `the next worker converts it (${done.error ?? 'no error'})`)
    })

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
      const [{ completed }] = (await s.db.sql`select sum(jobs_completed)::int as completed from worker_heartbeats`) as unknown as [{ completed: number }]
      t.equal(completed, 1, 'the job completed exactly once')
    })

    t.test('schedulers exist once however many workers boot', async (t) => {
      const s = await setup(t, `${label}_schedulers`, backend.redisUrl)
      await Promise.all([runWorker(t, s), runWorker(t, s), runWorker(t, s)])
      const backendConfig = queueBackendFromEnv(s.env)
      const { createRedisClient } = await import('@draftsmith/jobs')
      const client = backendConfig.kind === 'redis' ? createRedisClient(backendConfig.redisUrl, 'worker') : undefined
      const maintenance = openQueue(backendConfig, queueNames.maintenance, { redis: client, clientName: 'test' })
      t.teardown(async () => {
        await maintenance.close()
        client?.disconnect()
      })
      const schedulers = await maintenance.getJobSchedulers()
      t.same(schedulers.map((sch) => sch.key ?? sch.name).sort(), ['expired-sessions', 'stuck-conversions', 'upload-retention'])
      const [{ alive }] = (await s.db.sql`select count(*)::int as alive from worker_heartbeats where stopped_at is null`) as unknown as [{ alive: number }]
      t.equal(alive, 3, 'three heartbeats')
    })
  })
}

t.test('a Redis that stops answering mid-job cannot hold the shutdown: exit 0 within the bound', { skip: 'url' in redis ? undefined : redis.skip }, async (t) => {
  const privateRedis = await startPrivateRedis(t)
  const s = await setup(t, 'lifecycle_frozen', privateRedis.url, roomy)
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
  t.equal(row.status, 'queued', 'the row was handed back; the job returns through the stalled check once Redis answers')
})

t.test('pretty logs (LOG_PRETTY=1, what `pnpm dev` sets): the worker starts and stops', async (t) => {
  const s = await setup(t, 'lifecycle_pretty', undefined)
  const worker = await spawnWorker(s, { LOG_PRETTY: '1' })
  t.notMatch(worker.output(), /^\{/m, 'not JSON')
  worker.child.kill('SIGTERM')
  t.equal(await exitWithin(worker, 15_000), 0, worker.output())
  t.match(worker.output(), /INFO.*stopped/)
})

t.test('a bad configuration exits 2 listing every problem', async (t) => {
  const result = await runNode(mainPath, [], baseEnv({ NODE_ENV: 'production', WORKER_CONCURRENCY: '0', REDIS_URL: 'http://nope' }))
  t.equal(result.code, 2, result.stderr)
  t.match(result.stderr, /^draftsmith worker: invalid configuration:\n {2}- WORKER_CONCURRENCY="0" must be >= 1\n.*DATABASE_URL is not set.*\n.*REDIS_URL "http:\/\/nope\/?" is not a redis/s)
})
