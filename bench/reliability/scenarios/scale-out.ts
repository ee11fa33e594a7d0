/**
 * Scenario 5: two web and two worker processes on one PostgreSQL and one Redis, then on
 * PostgreSQL alone (no REDIS_URL: BullMQ's PostgreSQL backend, sessions in Postgres only), each
 * under the steady load behind the proxy. Targets: both workers convert, no conversion runs twice,
 * one visitor's burst does not hold up another visitor's single file, 0 failed requests.
 */
import { Client, Load } from '../load.js'
import { crashed, settleConversions, sleep, type Conversions, type Row } from '../outcomes.js'
import type { Profile } from '../profile.js'
import type { ServiceGroup, ServiceProcess, Stack } from '../stack.js'

/** A page that takes a few hundred milliseconds to convert: a burst of them keeps two workers busy for a while. */
function burstHtml(paragraphs: number, n: number): string {
  return `<h1>Burst ${n}</h1>${Array.from({ length: paragraphs }, (_, i) => `<p>Paragraph ${i} of file ${n}, with <em>emphasis</em>.</p>`).join('')}`
}

interface Started {
  id: string
  createdAt: Date
  startedAt: Date | null
  attempts: number
}

/**
 * How the single file fared against the burst: of the burst's conversions still waiting when it
 * was queued, how many started before it. A fair queue lets through at most the ones the workers
 * were already taking (one each); first come, first served would let through all of them.
 */
function overtaking(single: Started | undefined, burst: Started[]): { waiting: number; before: number } {
  if (!single?.startedAt) return { waiting: 0, before: Number.POSITIVE_INFINITY }
  const queued = single.createdAt.getTime()
  const started = single.startedAt.getTime()
  const waiting = burst.filter((b) => b.startedAt && b.startedAt.getTime() > queued)
  return { waiting: waiting.length, before: waiting.filter((b) => (b.startedAt as Date).getTime() < started).length }
}

/** Which worker converted each conversion, from their logs since `marks`. */
function convertedBy(workers: ServiceProcess[], marks: Map<ServiceProcess, number>, ids: Set<string>): number[] {
  return workers.map(
    (w) =>
      w.lines.slice(marks.get(w) ?? 0).filter((line) => {
        if (!line.includes('"conversion succeeded"')) return false
        const id = /"conversionId":"([^"]+)"/.exec(line)?.[1]
        return id !== undefined && ids.has(id)
      }).length,
  )
}

async function phase(stack: Stack, profile: Profile, mode: string): Promise<Row> {
  const base = `http://127.0.0.1:${stack.proxy.port}`
  const workers = [...stack.workers]
  const marks = new Map(workers.map((w) => [w, w.lines.length]))
  const load = new Load(base, profile.load)
  await load.prepare()
  load.start()
  await sleep(profile.warmMs)

  // One visitor drops a burst of files (as many as one upload and its queue quota allow), then
  // another visitor, from another address, uploads one: its proposal is made first, so that only
  // the upload itself comes between the two.
  const busy = new Client(base, undefined, load.tally)
  const other = new Client(base, undefined, load.tally)
  const [busyProposal, otherProposal] = await Promise.all(
    [busy, other].map(
      async (c) =>
        c.json<{ id: string }>(await c.request('POST', '/api/proposals', { json: { title: 'scale out' } }))?.id,
    ),
  )
  const form = new FormData()
  for (let i = 0; i < profile.scaleOutBurst; i++)
    form.append('file', new Blob([burstHtml(profile.scaleOutParagraphs, i)], { type: 'text/html' }), `burst-${i}.html`)
  const burstAnswer = await busy.request('POST', `/api/proposals/${busyProposal}/conversions`, { form })
  const burst = (busy.json<{ conversions: { id: string }[] }>(burstAnswer)?.conversions ?? []).map((c) => c.id)
  const mine = new FormData()
  mine.append('file', new Blob(['# Mine\n\nJust this one.\n'], { type: 'text/markdown' }), 'mine.md')
  const singleAnswer = await other.request('POST', `/api/proposals/${otherProposal}/conversions`, { form: mine })
  const single = other.json<{ conversions: { id: string }[] }>(singleAnswer)?.conversions?.[0]?.id ?? ''

  await sleep(profile.afterMs)
  await load.stop()
  const ids = new Set([...load.submitted, ...burst, single])
  const conversions: Conversions = await settleConversions(stack, ids, profile.settleMs)
  const sql = stack.client(1)
  const rows = await sql<Started[]>`
    select id, created_at as "createdAt", started_at as "startedAt", attempts
    from conversions where id = any(${[...ids]})`
  await sql.end({ timeout: 1 })
  const ranTwice = rows.filter((r) => r.attempts > 1).length
  const fairness = overtaking(
    rows.find((r) => r.id === single),
    rows.filter((r) => burst.includes(r.id)),
  )
  const counts = convertedBy(workers, marks, ids)
  const processes = [...stack.webs, ...workers]
  return {
    scenario: `5 scale out ${stack.webs.length}+${workers.length}, ${mode}`,
    tally: load.tally,
    conversions,
    processes,
    checks: [
      {
        what: `the burst and the single file were queued (${burstAnswer.status}: ${burst.length} files, ${singleAnswer.status})`,
        ok: burstAnswer.status === 202 && burst.length === profile.scaleOutBurst && singleAnswer.status === 202,
      },
      {
        what: `work spread across the workers (${workers.map((w, i) => `${w.name} ${counts[i]}`).join(', ')})`,
        ok: workers.length >= 2 && counts.every((n) => n > 0),
      },
      {
        what: `0 lost, 0 duplicated, none started twice (${ranTwice})`,
        ok: conversions.lost === 0 && conversions.duplicated === 0 && ranTwice === 0,
      },
      {
        what: `the single file started before ${fairness.before} of the ${fairness.waiting} burst files still waiting (≤ ${workers.length})`,
        // With no more waiting than workers, first come first served would pass too: not a measurement.
        ok: fairness.before <= workers.length && fairness.waiting > workers.length,
      },
      { what: `0 failed requests behind the proxy (${load.tally.summary()})`, ok: load.tally.count5xx() === 0 },
      { what: 'no crash', ok: crashed(processes).length === 0 && processes.every((p) => !p.exited) },
    ],
    notes: [],
  }
}

export async function scaleOut(stack: Stack, profile: Profile): Promise<Row[]> {
  // PostgreSQL alone: two webs and two workers without REDIS_URL, started meanwhile (idle, out of the pool).
  const postgresOnly: Promise<ServiceGroup> = Promise.all([
    Promise.all([0, 1].map(() => stack.startWeb({}, { redis: false, join: false }))),
    Promise.all([0, 1].map(() => stack.startWorker({}, { redis: false, join: false }))),
  ]).then(([webs, workers]) => ({ webs, workers }))
  postgresOnly.catch(() => {})
  const [extraWeb, extraWorker] = await Promise.all([stack.startWeb(), stack.startWorker()])
  const onRedis = await phase(stack, profile, 'Redis')

  const redisGroup = stack.swap(await postgresOnly)
  const onPostgres = await phase(stack, profile, 'PostgreSQL alone')
  const postgresGroup = stack.swap(redisGroup)

  // Back to one web and one worker on Redis, as the other scenarios expect.
  const retiring = [...postgresGroup.webs, ...postgresGroup.workers, extraWeb, extraWorker]
  await Promise.all([
    ...[...postgresGroup.webs, ...postgresGroup.workers].map((p) => p.stop('SIGTERM')),
    stack.retireWeb(extraWeb),
    stack.retireWorker(extraWorker),
  ])
  const unclean = retiring.filter((p) => p.exited?.code !== 0)
  onPostgres.checks.push({
    what: `the ${retiring.length} processes scaled in exited 0${unclean.length ? ` (${unclean.map((p) => `${p.name} ${JSON.stringify(p.exited)}`).join(', ')})` : ''}`,
    ok: unclean.length === 0,
  })
  onPostgres.notes.push(...unclean.map((p) => `${p.name} ended:\n${p.tail(8)}`))
  return [onRedis, onPostgres]
}
