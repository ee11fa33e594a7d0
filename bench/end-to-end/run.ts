/**
 * `pnpm --filter @draftsmith/bench run end-to-end` (`pnpm build` first: everything runs built, as
 * production does). Conversions through the whole service beside the engine alone:
 *  - the service: the built web and worker (the worker configured as render.yaml configures it,
 *    concurrency included), Postgres and Redis; a client uploads every document of the fidelity
 *    corpus (DOCX, HTML, PDF) to one proposal, then, in upload order, polls each conversion until
 *    it succeeded and fetches its Markdown — from the first upload to the last Markdown;
 *  - the engine: `convert()` on the same documents, one after another, in this one process
 *    (warmed by a first pass, as the worker's processes are by the time they are measured);
 *  - the memory of a conversion process once started (the worker's child, loaded as its pool loads it).
 * The difference is the service's overhead: upload, queue, database, the conversion process.
 */
import { fork } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { asc, eq } from 'drizzle-orm'
import { parse } from 'yaml'
import { conversions as conversionsTable } from '@draftsmith/db/schema'
import { baseEnv, freePort, migratedDatabase, startNode, uniquePrefix } from '@draftsmith/test-support'
import { formats, loadCorpus, type CorpusDocument } from '../fidelity/corpus.js'
import { median, table } from '../lib/stats.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const teardowns: Array<() => unknown> = []
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }

/** The worker's variables as render.yaml sets them (concurrency and the conversion limits). */
function blueprintWorkerEnv(): Record<string, string> {
  const blueprint = parse(readFileSync(`${root}render.yaml`, 'utf8')) as {
    services: { type: string; envVars?: { key: string; value?: unknown }[] }[]
  }
  const worker = blueprint.services.find((s) => s.type === 'worker')
  const env: Record<string, string> = {}
  for (const v of worker?.envVars ?? []) if (v.value !== undefined) env[v.key] = String(v.value)
  return env
}

const engineModule = new URL('../../packages/convert/dist/index.js', import.meta.url)
// The worker converts through the engine's pool (ADR 051): its conversion process is the engine's child.
const childModule = `${root}packages/convert/dist/process/child.js`

/** Every document, one after another, in this process: the engine's own time. */
async function engineAlone(documents: CorpusDocument[]): Promise<number> {
  const { convert, formatOfMime } = (await import(engineModule.href)) as typeof import('@draftsmith/convert')
  const once = async () => {
    const started = performance.now()
    for (const document of documents)
      await convert(document.bytes, {
        format: formatOfMime(document.mime),
        name: document.file,
      })
    return performance.now() - started
  }
  await once()
  return once()
}

interface Client {
  call(method: string, path: string, body?: BodyInit, type?: string): Promise<Response>
}

/** A browser-less client of the web service: its session cookie, and the proxy's https header. */
function client(port: number): Client {
  let cookie = ''
  return {
    async call(method, path, body, type) {
      const headers: Record<string, string> = { 'x-forwarded-proto': 'https' }
      if (cookie) headers.cookie = cookie
      if (type) headers['content-type'] = type
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body })
      const set = response.headers.getSetCookie()
      if (set.length > 0) cookie = set.map((c) => c.split(';')[0]).join('; ')
      return response
    },
  }
}

async function json<T>(response: Response, expected: number): Promise<T> {
  if (response.status !== expected) throw new Error(`${response.url}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** Upload → succeeded → Markdown fetched, for every document; the wall time of the whole batch. */
async function throughService(
  api: Client,
  documents: CorpusDocument[],
): Promise<{ ms: number; proposal: string; ids: string[] }> {
  const started = performance.now()
  const { id: proposal } = await json<{ id: string }>(
    await api.call('POST', '/api/proposals', JSON.stringify({ title: 'end-to-end bench' }), 'application/json'),
    201,
  )
  const ids: string[] = []
  for (const document of documents) {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(document.bytes)], { type: document.mime }), document.file)
    const { conversions } = await json<{ conversions: { id: string }[] }>(
      await api.call('POST', `/api/proposals/${proposal}/conversions`, form),
      202,
    )
    ids.push(...conversions.map((c) => c.id))
  }
  // In upload order, one at a time, as a reader waiting for them would: polling all of them at
  // once (77 × 10 requests/s) would load the two cores the worker converts on.
  for (const id of ids) {
    while (true) {
      const { status, error } = await json<{ status: string; error: string | null }>(
        await api.call('GET', `/api/conversions/${id}`),
        200,
      )
      if (status === 'succeeded') break
      if (status === 'failed') throw new Error(`conversion ${id} failed: ${error}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const markdown = await api.call('GET', `/api/conversions/${id}/markdown`)
    if (markdown.status !== 200) throw new Error(`markdown of ${id}: ${markdown.status}`)
    await markdown.text()
  }
  return { ms: performance.now() - started, proposal, ids }
}

/**
 * Where a run's time went, from the conversions' own timestamps: inside the worker's jobs
 * (started → finished: the source read, the conversion process, the result written) and between
 * them (a finished job to the next one started: the queue's hand-over).
 */
async function jobTimes(db: Awaited<ReturnType<typeof migratedDatabase>>, proposal: string) {
  const rows = await db.db
    .select({ startedAt: conversionsTable.startedAt, finishedAt: conversionsTable.finishedAt })
    .from(conversionsTable)
    .where(eq(conversionsTable.proposalId, proposal))
    .orderBy(asc(conversionsTable.startedAt))
  const at = (value: Date | string | null) => new Date(value ?? 0).getTime()
  let inJobs = 0
  let between = 0
  rows.forEach((row, i) => {
    inJobs += at(row.finishedAt) - at(row.startedAt)
    if (i > 0) between += at(row.startedAt) - at(rows[i - 1]?.finishedAt ?? null)
  })
  return { inJobs, between }
}

/** The worker's job phases (its 'conversion succeeded' log lines, ADR 095), summed over `ids`. */
function jobPhases(workerLog: string, ids: string[]): Map<string, number> {
  const wanted = new Set(ids)
  const sums = new Map<string, number>()
  for (const line of workerLog.split('\n')) {
    if (!line.includes('"conversion succeeded"')) continue
    const entry = JSON.parse(line) as { conversionId?: string; phases?: Record<string, number> }
    if (entry.conversionId === undefined || !wanted.has(entry.conversionId)) continue
    for (const [name, ms] of Object.entries(entry.phases ?? {})) sums.set(name, (sums.get(name) ?? 0) + ms)
  }
  return sums
}

/**
 * A conversion process as the worker's pool starts one: forked, its module loaded; its resident
 * memory then, and how long that took.
 */
function conversionProcessAtStart(): Promise<{ mb: number; ms: number }> {
  const started = performance.now()
  const probe = join(tmpdir(), 'draftsmith-end-to-end-child.mjs')
  writeFileSync(
    probe,
    `await import(process.argv[2])\nconsole.log(process.memoryUsage.rss() / 1048576)\nprocess.exit(0)\n`,
  )
  return new Promise((resolve, reject) => {
    const child = fork(probe, [childModule], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv: [] })
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) =>
      code === 0
        ? resolve({ mb: Number(out.trim()), ms: performance.now() - started })
        : reject(new Error(`probe exited ${code}`)),
    )
  })
}

async function main() {
  const documents = formats.flatMap((format) => loadCorpus(format).documents)
  if (documents.length === 0) throw new Error('the fidelity corpus is empty')
  const db = await migratedDatabase(t, 'bench_end_to_end')
  const workerEnv = blueprintWorkerEnv()
  const shared = {
    DATABASE_URL: db.databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: uniquePrefix('e2e'),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  }
  const worker = await startNode(
    `${root}apps/worker/dist/main.js`,
    baseEnv({ ...shared, ...workerEnv, LOG_LEVEL: 'info' }),
    {
      ready: 'worker started',
      timeoutMs: 60_000,
    },
  )
  t.teardown(() => worker.child.kill('SIGKILL'))
  const port = await freePort()
  const many = String(100_000)
  const web = await startNode(
    `${root}apps/web/dist/server.js`,
    baseEnv({
      ...shared,
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      SESSION_SECRET: 'an-end-to-end-benchmark-secret-long-enough',
      REDIS_KEY_PREFIX: uniquePrefix('e2e-web'),
      // One visitor uploads the whole corpus at once: the public instance's bounds would queue it.
      QUOTA_PROPOSALS_PER_HOUR: many,
      QUOTA_UPLOADS_PER_MINUTE: many,
      QUOTA_UPLOADS_PER_MINUTE_PER_IP: many,
      QUOTA_ACTIVE_CONVERSIONS: many,
      QUOTA_ACTIVE_CONVERSIONS_PER_IP: many,
      QUOTA_UPLOAD_BYTES_PER_HOUR_PER_IP: String(1 << 30),
      QUOTA_STORED_BYTES: String(1 << 30),
      QUOTA_STORED_BYTES_PER_IP: String(1 << 30),
    }),
    { ready: 'Server listening', timeoutMs: 60_000 },
  )
  t.teardown(() => web.child.kill('SIGKILL'))
  const api = client(port)
  // A first pass warms the worker's conversion process (each reader loads on its first document).
  await throughService(api, documents)

  const service: number[] = []
  const engine: number[] = []
  let last = { inJobs: 0, between: 0 }
  let phases = new Map<string, number>()
  for (let run = 0; run < RUNS; run++) {
    const { ms, proposal, ids } = await throughService(api, documents)
    service.push(ms)
    last = await jobTimes(db, proposal)
    phases = jobPhases(worker.output(), ids)
    engine.push(await engineAlone(documents))
  }
  const childStarts: Array<{ mb: number; ms: number }> = []
  for (let i = 0; i < 5; i++) childStarts.push(await conversionProcessAtStart())

  const perMinute = (ms: number) => (documents.length * 60_000) / ms
  const serviceMs = median(service)
  const engineMs = median(engine)
  const mix = formats.map((f) => `${documents.filter((d) => d.format === f).length} ${f}`).join(', ')
  console.log(
    `\nConversions end to end — ${documents.length} documents (${mix}), median of ${RUNS} runs, worker concurrency ${workerEnv.WORKER_CONCURRENCY ?? 'default'} (render.yaml)\n`,
  )
  console.log(
    table(
      ['path', 'documents per minute', 'time for the corpus', 'spread'],
      [
        [
          'the service: upload → succeeded → Markdown fetched',
          perMinute(serviceMs).toFixed(0),
          `${(serviceMs / 1000).toFixed(2)} s`,
          `${(Math.min(...service) / 1000).toFixed(2)}–${(Math.max(...service) / 1000).toFixed(2)} s`,
        ],
        [
          'the engine alone, one process',
          perMinute(engineMs).toFixed(0),
          `${(engineMs / 1000).toFixed(2)} s`,
          `${(Math.min(...engine) / 1000).toFixed(2)}–${(Math.max(...engine) / 1000).toFixed(2)} s`,
        ],
      ],
    ),
  )
  const overhead = serviceMs / engineMs - 1
  console.log(`\nthe service's overhead: ${(100 * overhead).toFixed(0)}% of the engine's time (goal < 15%)`)
  console.log(
    `of the last run's service time: ${(last.inJobs / 1000).toFixed(2)} s inside the worker's jobs (started → finished), ${(last.between / 1000).toFixed(2)} s between jobs (the queue's hand-over)`,
  )
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  const perDocument = (ms: number) => `${(ms / documents.length).toFixed(1)} ms`
  console.log(
    `\nthe last run's jobs, phase by phase (the worker's own timings; the engine alone took ${seconds(engine.at(-1) ?? 0)})\n`,
  )
  const phaseRows: Array<[string, string]> = [
    ['startMs', 'row started, source read from Postgres'],
    ['convertMs', 'conversion: bytes to the process, the engine, the result back'],
    ['writeMs', 'result written (Markdown, report, assets)'],
  ]
  console.log(
    table(
      ['phase', 'total', 'per document'],
      [
        ...phaseRows.map(([key, label]) => [label, seconds(phases.get(key) ?? 0), perDocument(phases.get(key) ?? 0)]),
        ['between jobs (the queue hands over the next)', seconds(last.between), perDocument(last.between)],
        [
          'waiting in the queue (all uploaded at once, one converts at a time)',
          seconds(phases.get('queueWaitMs') ?? 0),
          perDocument(phases.get('queueWaitMs') ?? 0),
        ],
      ],
    ),
  )
  console.log(
    `\na conversion process at start: ${median(childStarts.map((s) => s.mb)).toFixed(0)} MB resident, ready in ${median(childStarts.map((s) => s.ms)).toFixed(0)} ms (median of 5 starts; the worker starts its processes at boot and keeps them)`,
  )
}

try {
  await main()
} finally {
  for (const fn of teardowns.reverse()) await fn()
}
