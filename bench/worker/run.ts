/**
 * `pnpm bench` (worker part): BullMQ throughput through draftsmith's worker setup beside raw
 * BullMQ, on Redis and on Postgres; then conversions beside pandoc.
 */
import { runApply } from '@draftsmith/migration-check'
import { createTestDatabase } from '@draftsmith/test-support'
import { median, ms, ratio, table } from '../lib/stats.js'
import { similarity } from '../lib/similarity.js'
import { draftsmith, pandoc, pandocAvailable } from './conversions.js'
import { articleHtml, thirtyPageDocx } from './documents.js'
import { draftsmithSetup, rawBullmq } from './jobs-per-second.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const teardowns: Array<() => unknown> = []
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }

async function jobs(): Promise<void> {
  const db = await createTestDatabase(t, 'bench_worker')
  await runApply({ env: { DATABASE_URL: db.databaseUrl } })
  const backends = [
    { label: 'Redis', backend: { kind: 'redis' as const, redisUrl: REDIS_URL, prefix: 'bench' }, count: 5000 },
    {
      label: 'PostgreSQL',
      backend: { kind: 'postgres' as const, databaseUrl: db.databaseUrl, schema: 'bullmq' },
      count: 1000,
    },
  ]
  const rows: string[][] = []
  for (const { label, backend, count } of backends) {
    const raw: number[] = []
    const ours: number[] = []
    for (let i = 0; i < RUNS; i++) {
      // Alternate who goes first.
      if (i % 2 === 0) {
        raw.push((await rawBullmq(backend, count)).jobsPerSecond)
        ours.push((await draftsmithSetup(backend, count)).jobsPerSecond)
      } else {
        ours.push((await draftsmithSetup(backend, count)).jobsPerSecond)
        raw.push((await rawBullmq(backend, count)).jobsPerSecond)
      }
    }
    rows.push([
      label,
      String(count),
      Math.round(median(raw)).toString(),
      Math.round(median(ours)).toString(),
      `${((100 * median(ours)) / median(raw)).toFixed(0)}%`,
    ])
  }
  console.log(`\nempty-processor jobs/s, concurrency 20, median of ${RUNS} — target: draftsmith ≥ 90% of raw BullMQ\n`)
  console.log(table(['backend', 'jobs', 'raw BullMQ', 'draftsmith worker', 'ours / raw'], rows))
}

async function conversions(): Promise<void> {
  if (!(await pandocAvailable())) {
    console.log('\npandoc is not installed (Debian: apt-get install pandoc): conversion comparison skipped')
    return
  }
  const files = [
    { label: '100 KB HTML', name: 'article.html', from: 'html', mime: 'text/html', bytes: Buffer.from(articleHtml()) },
    {
      label: '30-page DOCX',
      name: 'report.docx',
      from: 'docx',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: await thirtyPageDocx(),
    },
  ]
  const rows: string[][] = []
  for (const file of files) {
    const ours = await draftsmith(file, 7, 10)
    const theirs = await pandoc(file, 7, 10)
    rows.push([
      `${file.label} (${Math.round(file.bytes.length / 1024)} KB)`,
      ms(ours.msPerDocument),
      ms(theirs.msPerDocument),
      ratio(ours.msPerDocument, theirs.msPerDocument),
      ours.documentsPerSecond.toFixed(1),
      theirs.documentsPerSecond.toFixed(1),
      similarity(ours.markdown, theirs.markdown).toFixed(3),
    ])
  }
  console.log(
    '\ndocuments to Markdown, beside pandoc -t gfm — time per document (median of 7, warm), throughput with 2 at a time\n',
  )
  console.log(
    table(['document', 'draftsmith', 'pandoc', 'time ours/pandoc', 'docs/s ours', 'docs/s pandoc', 'similarity'], rows),
  )
  console.log('\nsimilarity: shared words in order, 2·LCS / (words in both); 1.000 = the same text.')
}

try {
  await jobs()
  await conversions()
} finally {
  for (const fn of teardowns.reverse()) await fn()
}
