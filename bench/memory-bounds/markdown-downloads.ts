/**
 * The web's real memory while one visitor reads a long Markdown eight times at once (ADR 105): a
 * 10 MiB upload can make 20 MiB of Markdown, and each read used to hold it about four times over
 * (194 → 789 MB peak here). Since then a Markdown over 256 KiB takes its room in the
 * heavy-download budget before it is read: one is sent at a time, the others are told to retry.
 * The conversion is written as the worker writes one; the web runs as render.yaml runs it.
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { runApply } from '@draftsmith/migration-check'
import { baseEnv, createTestDatabase, freePort, startNode, uniquePrefix } from '@draftsmith/test-support'
import { call, download, statusKb } from './bundle-downloads.js'
import type { MemoryRow } from './row.js'

const READS = 8
const LINE = 'A line of a long memo. '
const LINES = 912_000

const ourWeb = fileURLToPath(new URL('../../apps/web/dist/server.js', import.meta.url))

export async function markdownScenario(webServer = ourWeb): Promise<MemoryRow[]> {
  const teardowns: Array<() => unknown> = []
  const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }
  try {
    const db = await createTestDatabase(t, 'bench_markdown')
    await runApply({ env: { DATABASE_URL: db.databaseUrl } })
    const port = await freePort()
    const web = await startNode(
      webServer,
      baseEnv({
        DATABASE_URL: db.databaseUrl,
        QUEUE_PREFIX: uniquePrefix('bench_markdown').slice(0, -1),
        NODE_ENV: 'production',
        SESSION_SECRET: randomBytes(32).toString('base64url'),
        PORT: String(port),
        HOST: '127.0.0.1',
      }),
      { ready: 'Server listening', timeoutMs: 60_000 },
    )
    t.teardown(() => web.child.kill('SIGKILL'))
    const created = await call(
      port,
      'POST',
      '/api/proposals',
      { 'content-type': 'application/json' },
      Buffer.from('{"title":"a long memo"}'),
    )
    const cookie = String(created.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? ''
    const proposal = (JSON.parse(created.body.toString()) as { id: string }).id
    const [conversion] = await db.sql<{ id: string }[]>`
      insert into conversions (proposal_id, status, source_name, source_mime, source_size, markdown, progress, finished_at)
      values (${proposal}, 'succeeded', 'memo.txt', 'text/plain', ${10 * 1024 * 1024}, repeat(${LINE}, ${LINES}), 100, now())
      returning id`
    const pid = web.child.pid!
    const beforeMb = Math.round(statusKb(pid, 'VmRSS') / 1024)
    const reads = await Promise.all(
      Array.from({ length: READS }, () => download(port, `/api/conversions/${conversion!.id}/markdown`, cookie)),
    )
    const sent = reads.filter((r) => r.status === 200 && r.bytes === LINE.length * LINES).length
    const retry = reads.filter((r) => r.status === 429).length
    const sizeMiB = ((LINE.length * LINES) / 1024 / 1024).toFixed(0)
    return [
      {
        scenario: `web: ${READS} concurrent reads of a ${sizeMiB} MiB Markdown`,
        peakMb: statusKb(pid, 'VmHWM') / 1024,
        outcome: `${sent} sent whole, ${retry} told to retry (429), ${READS - sent - retry} other; ${beforeMb} MB before`,
      },
    ]
  } finally {
    for (const fn of teardowns.reverse()) await fn()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // BENCH_BASELINE_WEB=<another build's apps/web/dist/server.js> measures that build first.
  const rows = [
    ...(process.env.BENCH_BASELINE_WEB ? await markdownScenario(process.env.BENCH_BASELINE_WEB) : []),
    ...(await markdownScenario()),
  ]
  for (const row of rows) console.log(`${row.scenario}: peak ${Math.round(row.peakMb)} MB — ${row.outcome}`)
}
