/**
 * The worker's scenario: the built worker (`node apps/worker/dist/main.js`, configured as
 * render.yaml configures it) converts each hostile document of issue 17 while its whole process
 * tree — the worker and its conversion processes — is sampled.
 */
import { conversions, proposals } from '@draftsmith/db/schema'
import { ConversionProducer, documentTypes, queueBackendFor } from '@draftsmith/jobs'
import {
  baseEnv,
  manyPicturesPdf,
  migratedDatabase,
  nestedListMarkdown,
  nestedQuotesMarkdown,
  predictorPicturePdf,
  startNode,
} from '@draftsmith/test-support'
import { eq } from 'drizzle-orm'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { readFileSync } from 'node:fs'
import { samplePeak } from './process-tree.js'
import type { MemoryRow } from './row.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** The worker's variables as render.yaml sets them (concurrency, heap, memory budget). */
function blueprintWorker(): { env: Record<string, string>; plan: string } {
  const blueprint = parse(readFileSync(`${root}render.yaml`, 'utf8')) as {
    services: { type: string; plan?: string; envVars?: { key: string; value?: unknown }[] }[]
  }
  const worker = blueprint.services.find((s) => s.type === 'worker')!
  const env: Record<string, string> = {}
  for (const v of worker.envVars ?? [])
    if (v.value !== undefined && v.key.startsWith('CONVERSION_')) env[v.key] = String(v.value)
  return { env: { ...env, WORKER_CONCURRENCY: '1' }, plan: worker.plan ?? 'starter' }
}

const documents = () => [
  {
    label: '939 KB PDF, one page of 20 × 4000² pictures',
    name: 'pictures.pdf',
    mime: documentTypes.pdf,
    bytes: manyPicturesPdf(20, 4000),
  },
  {
    label: '340 KB PDF, one 4000² predictor picture',
    name: 'predictor.pdf',
    mime: documentTypes.pdf,
    bytes: predictorPicturePdf(4000),
  },
  {
    label: '20,000 nested block quotes',
    name: 'quotes.md',
    mime: documentTypes.markdown,
    bytes: Buffer.from(nestedQuotesMarkdown()),
  },
  {
    label: '9 MB list nested 3,000 deep',
    name: 'list.md',
    mime: documentTypes.markdown,
    bytes: Buffer.from(nestedListMarkdown()),
  },
]

export async function workerDocuments(t: { teardown: (fn: () => unknown) => void }): Promise<MemoryRow[]> {
  const db = await migratedDatabase(t, 'bench_memory')
  const { env } = blueprintWorker()
  const queueEnv = { DATABASE_URL: db.databaseUrl, QUEUE_PREFIX: 'benchmem' }
  const producer = new ConversionProducer(
    queueBackendFor({ databaseUrl: db.databaseUrl, redisUrl: undefined, queuePrefix: 'benchmem' }),
    { enqueueTimeoutMs: 10_000 },
  )
  t.teardown(() => producer.close())
  const worker = await startNode(
    `${root}apps/worker/dist/main.js`,
    baseEnv({ ...queueEnv, ...env, NODE_ENV: 'production', LOG_LEVEL: 'info' }),
    {
      ready: 'worker started',
    },
  )
  t.teardown(() => worker.child.kill('SIGKILL'))
  const rows: MemoryRow[] = []
  for (const document of documents()) {
    const [proposal] = await db.db.insert(proposals).values({ title: document.name }).returning()
    const [row] = await db.db
      .insert(conversions)
      .values({
        proposalId: proposal!.id,
        sourceName: document.name,
        sourceMime: document.mime,
        sourceSize: document.bytes.length,
        sourceBytes: document.bytes,
      })
      .returning({ id: conversions.id })
    const sampler = samplePeak(worker.child.pid!)
    const started = performance.now()
    await producer.enqueue([row!.id])
    let done: typeof conversions.$inferSelect | undefined
    while (!done) {
      await new Promise((r) => setTimeout(r, 50))
      const [current] = await db.db.select().from(conversions).where(eq(conversions.id, row!.id))
      if (current?.status === 'succeeded' || current?.status === 'failed') done = current
    }
    const peakMb = sampler.stop()
    const notKept = (done.report?.notKept ?? []).map((n) => `${n.code} ${n.count}`).join(', ')
    rows.push({
      scenario: `worker: ${document.label}`,
      peakMb,
      outcome: `${done.status} in ${((performance.now() - started) / 1000).toFixed(1)} s${notKept ? ` (${notKept})` : ''}`,
    })
  }
  return rows
}
