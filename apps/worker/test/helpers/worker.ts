import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { conversions, proposals, type ConversionOptions } from '@draftsmith/db/schema'
import { ConversionProducer, queueBackendFor, type QueueBackend } from '@draftsmith/jobs'
import {
  baseEnv,
  migratedDatabase,
  startNode,
  uniquePrefix,
  type RunningNode,
  type TestDatabase,
} from '@draftsmith/test-support'
import { eq } from 'drizzle-orm'
import { pino } from 'pino'
import { loadConfig, type WorkerConfig } from '../../src/config.js'
import { startWorker, type RunningWorker } from '../../src/worker.js'

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

const fixtures = fileURLToPath(new URL('../../../../fixtures/documents/', import.meta.url))
export const fixture = (name: string): Buffer => readFileSync(`${fixtures}${name}`)

export { documentTypes as mimes } from '@draftsmith/convert/formats'

/** The built worker's entrypoint (what render.yaml starts). */
export const mainPath = fileURLToPath(new URL('../../dist/main.js', import.meta.url))

/** A migrated database plus the queue settings every process of one test file shares. */
/** The queue backend the worker would pick from these variables (as its config does). */
export function backendOf(env: Record<string, string>): QueueBackend {
  return queueBackendFor({ redisUrl: env.REDIS_URL, databaseUrl: env.DATABASE_URL, queuePrefix: env.QUEUE_PREFIX })
}

export interface Setup {
  db: TestDatabase
  env: Record<string, string>
  producer: ConversionProducer
}

export async function setup(
  t: Teardown,
  label: string,
  redisUrl: string | undefined,
  env: Record<string, string> = {},
): Promise<Setup> {
  const db = await migratedDatabase(t, label)
  const queueEnv: Record<string, string> = {
    DATABASE_URL: db.databaseUrl,
    QUEUE_PREFIX: uniquePrefix(label).slice(0, -1),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...env,
  }
  const producer = new ConversionProducer(backendOf(queueEnv), { enqueueTimeoutMs: 10_000 })
  t.teardown(() => producer.close())
  return { db, env: queueEnv, producer }
}

export function workerConfig(setup: Setup, env: Record<string, string> = {}): WorkerConfig {
  return loadConfig({ LOG_LEVEL: 'silent', HEARTBEAT_INTERVAL_MS: '1000', ...setup.env, ...env })
}

/** A worker in this process, closed (drained) when the test ends. */
export async function runWorker(t: Teardown, setup: Setup, env: Record<string, string> = {}): Promise<RunningWorker> {
  const config = workerConfig(setup, env)
  const worker = await startWorker(config, pino({ level: 'silent' }))
  t.teardown(() => worker.close())
  return worker
}

/** Stores an upload the way the web does (without queueing it). */
export async function store(
  setup: Setup,
  name: string,
  mime: string,
  bytes: Buffer,
  options: ConversionOptions = {},
): Promise<string> {
  const [proposal] = await setup.db.db
    .insert(proposals)
    .values({ title: `test ${name}` })
    .returning()
  const [row] = await setup.db.db
    .insert(conversions)
    .values({
      proposalId: proposal!.id,
      sourceName: name,
      sourceMime: mime,
      sourceSize: bytes.length,
      sourceBytes: bytes,
      options,
    })
    .returning({ id: conversions.id })
  return row!.id
}

/** Stores an upload the way the web does, and queues it. */
export async function upload(
  setup: Setup,
  name: string,
  mime: string,
  bytes: Buffer,
  options: ConversionOptions = {},
): Promise<string> {
  const id = await store(setup, name, mime, bytes, options)
  await setup.producer.enqueue([id])
  return id
}

export type ConversionRow = typeof conversions.$inferSelect

export async function conversion(setup: Setup, id: string): Promise<ConversionRow> {
  const [row] = await setup.db.db.select().from(conversions).where(eq(conversions.id, id))
  return row as ConversionRow
}

/** Waits until the conversion has finished (or `until` says so). */
export async function settled(
  setup: Setup,
  id: string,
  until: (row: ConversionRow) => boolean = (r) => r.status === 'succeeded' || r.status === 'failed',
  timeoutMs = 60_000,
): Promise<ConversionRow> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const row = await conversion(setup, id)
    if (row && until(row)) return row
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(
    `conversion ${id} did not settle within ${timeoutMs} ms (status ${(await conversion(setup, id))?.status})`,
  )
}

/** A 2.5 MB HTML page that takes over a second to convert: long enough to interrupt. Its conversion needs 160-192 MB of heap. */
export function slowHtml(): Buffer {
  return Buffer.from(
    `<h1>Slow</h1>${Array.from({ length: 25_000 }, (_, i) => `<p>Paragraph ${i} with <strong>bold</strong> and <a href="https://example.com/${i}">a link</a>.</p>`).join('')}`,
  )
}

/**
 * The built worker, as `pnpm --filter @draftsmith/worker start` runs it. `defaults`: only what
 * render.yaml sets (no shortened heartbeat), to catch what only the default timings do.
 */
export function spawnWorker(
  setup: Setup,
  env: Record<string, string> = {},
  options: { defaults?: boolean } = {},
): Promise<RunningNode> {
  const tuned = options.defaults ? {} : { LOG_LEVEL: 'info', HEARTBEAT_INTERVAL_MS: '500' }
  return startNode(mainPath, baseEnv({ ...tuned, ...setup.env, ...env }), { ready: 'worker started' })
}

/** Its exit code, or 'timeout' when it outlives `ms` (then it is killed). */
export async function exitWithin(worker: RunningNode, ms: number): Promise<number | null | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))
  const result = await Promise.race([worker.exit, late])
  clearTimeout(timer)
  if (result === 'timeout') worker.child.kill('SIGKILL')
  return result
}
