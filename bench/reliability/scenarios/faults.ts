/** Scenarios 2–4: PostgreSQL restarted, workers killed, a rolling deploy — each under load. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Client, Load, Tally } from '../load.js'
import { crashed, nonJsonLines, settleConversions, sleep, type Row } from '../outcomes.js'
import type { Profile } from '../profile.js'
import type { ServiceProcess, Stack } from '../stack.js'

/** A 2.5 MB page that takes a second or more to convert: long enough to interrupt. */
export const slowHtml = Buffer.from(
  `<h1>Slow</h1>${Array.from({ length: 25_000 }, (_, i) => `<p>Paragraph ${i} with <strong>bold</strong> and <a href="https://example.com/${i}">a link</a>.</p>`).join('')}`,
)

/** A visitor uploads one document; its conversion id. */
export async function uploadOne(
  base: string,
  bytes: Buffer,
  name: string,
  type: string,
  tally?: Tally,
): Promise<string> {
  const visitor = new Client(base, undefined, tally)
  const proposal = await visitor.request('POST', '/api/proposals', { json: { title: name } })
  const id = visitor.json<{ id: string }>(proposal)?.id
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
  const answer = await visitor.request('POST', `/api/proposals/${id}/conversions`, { form })
  const conversion = visitor.json<{ conversions: { id: string }[] }>(answer)?.conversions[0]?.id
  if (answer.status !== 202 || !conversion)
    throw new Error(`upload ${name}: ${answer.status} ${answer.body.slice(0, 200)}`)
  return conversion
}

async function waitForStatus(stack: Stack, id: string, status: string, timeoutMs: number): Promise<boolean> {
  const sql = stack.client(1)
  try {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const [row] = await sql<{ status: string }[]>`select status from conversions where id = ${id}`
      if (row?.status === status) return true
      await sleep(50)
    }
    return false
  } finally {
    await sql.end({ timeout: 1 })
  }
}

/** A process's CPU time so far, in clock ticks (utime + stime of /proc/PID/stat). */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return Number.NaN
  }
}

/** The worker's conversion processes (its children). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0)
  } catch {
    return []
  }
}

function base(stack: Stack): string {
  return `http://127.0.0.1:${stack.proxy.port}`
}

export async function postgresRestart(stack: Stack, profile: Profile): Promise<Row> {
  const load = new Load(base(stack), profile.load)
  await load.prepare()
  load.start()
  await sleep(profile.warmMs)
  const probe = new Client(base(stack))
  const reader = load.signedIn[0] as Client
  const health = new Tally()
  const ready = new Tally()
  let probing = true
  const probes = (async () => {
    while (probing) {
      health.add(await probe.request('GET', '/health', { timeoutMs: 5000 }))
      ready.add(await probe.request('GET', '/ready', { timeoutMs: 10_000 }))
      await sleep(200)
    }
  })()
  const { downMs } = await stack.restartPostgres(profile.postgresDownMs)
  const back = performance.now()
  let recoveredMs = Number.POSITIVE_INFINITY
  while (performance.now() - back < 30_000) {
    const answer = await reader.request('GET', '/api/proposals?limit=1', { timeoutMs: 10_000 })
    if (answer.status === 200) {
      recoveredMs = performance.now() - back
      break
    }
    await sleep(100)
  }
  await sleep(profile.afterMs)
  probing = false
  await probes
  await load.stop()
  const conversions = await settleConversions(stack, load.submitted, profile.settleMs)
  const processes = [...stack.webs, ...stack.workers]
  return {
    scenario: '2 PostgreSQL restarted',
    tally: load.tally,
    conversions,
    processes,
    checks: [
      { what: `/health always 200 (${health.summary()})`, ok: health.countOf((s) => s !== 200) === 0 },
      { what: `/ready reported the outage (${ready.summary()})`, ok: ready.countOf((s) => s === 503) > 0 },
      { what: `no request past 8 s (max ${Math.round(load.tally.maxMs)} ms)`, ok: load.tally.maxMs <= 8000 },
      {
        what: `failures are 503s (${load.tally.summary()})`,
        ok: load.tally.countOf((s) => s === 0 || (s >= 500 && s !== 503)) === 0,
      },
      {
        what: `recovered ${(recoveredMs / 1000).toFixed(1)} s after PostgreSQL was back (≤ 5 s)`,
        ok: recoveredMs <= 5000,
      },
      { what: 'no crash', ok: crashed(processes).length === 0 && processes.every((p) => !p.exited) },
      { what: '0 conversions lost or duplicated', ok: conversions.lost === 0 && conversions.duplicated === 0 },
      { what: 'logs JSON only', ok: nonJsonLines(stack.history).length === 0 },
    ],
    notes: [`PostgreSQL down ${(downMs / 1000).toFixed(1)} s`, ...nonJsonLines(stack.history).slice(0, 3)],
  }
}

export async function workerKills(stack: Stack, profile: Profile): Promise<Row> {
  const load = new Load(base(stack), profile.load)
  await load.prepare()
  load.start()
  await sleep(profile.warmMs)
  const killed = new Set<ServiceProcess>()
  const ids = new Set<string>()
  for (let round = 0; round < profile.workerKills; round++) {
    const id = await uploadOne(base(stack), slowHtml, `slow-${round}.html`, 'text/html')
    ids.add(id)
    await waitForStatus(stack, id, 'processing', 60_000)
    const victim = stack.workers[0] as ServiceProcess
    killed.add(victim)
    await stack.retireWorker(victim, 'SIGKILL')
    // Render restarts a worker that died.
    await stack.startWorker()
  }
  // The kernel's OOM killer takes a conversion process: SIGKILL to it alone.
  const oom = await uploadOne(base(stack), slowHtml, 'oom.html', 'text/html')
  ids.add(oom)
  await waitForStatus(stack, oom, 'processing', 60_000)
  const worker = stack.workers[0] as ServiceProcess
  let child: number | undefined
  for (let i = 0; i < 100 && child === undefined; i++) {
    child = childrenOf(worker.pid)[0]
    if (child === undefined) await sleep(20)
  }
  // The OOM killer takes a process that grew: this one once it works on the document (a tenth of a
  // second of CPU), not while idle before the document reached it (then it would be replaced).
  if (child !== undefined) {
    const idle = cpuTicks(child)
    const deadline = Date.now() + 30_000
    while (cpuTicks(child) - idle < 10 && Date.now() < deadline) await sleep(10)
    try {
      process.kill(child, 'SIGKILL')
    } catch {
      // it ended first: the check below says so
    }
  }
  await sleep(profile.afterMs)
  await load.stop()
  for (const id of load.submitted) ids.add(id)
  const conversions = await settleConversions(stack, ids, profile.settleMs)
  const sql = stack.client(1)
  const [oomRow] = await sql<
    { status: string; error: string | null }[]
  >`select status, error from conversions where id = ${oom}`
  const [stuck] = await sql<{ n: number }[]>`select count(*)::int as n from conversions where status = 'processing'`
  await sql.end({ timeout: 1 })
  const processes = [...stack.history.filter((p) => p.name.startsWith('worker')), ...stack.webs]
  return {
    scenario: `3 worker SIGKILLed ×${profile.workerKills}, OOM kill`,
    tally: load.tally,
    conversions,
    processes,
    checks: [
      {
        what: 'every conversion ended once (0 lost, 0 duplicated)',
        ok: conversions.lost === 0 && conversions.duplicated === 0,
      },
      { what: `none left processing (${stuck?.n ?? '?'})`, ok: stuck?.n === 0 },
      {
        what: `the OOM-killed conversion failed for memory (${oomRow?.status}: ${oomRow?.error?.slice(0, 60) ?? ''})`,
        ok: child !== undefined && oomRow?.status === 'failed' && /memory/.test(oomRow?.error ?? ''),
      },
      { what: `no failed request (${load.tally.summary()})`, ok: load.tally.count5xx() === 0 },
      { what: 'no other crash', ok: crashed(processes, killed).length === 0 },
    ],
    notes: [],
  }
}

export async function rollingDeploy(stack: Stack, profile: Profile): Promise<Row> {
  const load = new Load(base(stack), profile.load)
  await load.prepare()
  load.start()
  await sleep(profile.warmMs)
  const oldWeb = stack.webs[0] as ServiceProcess
  await stack.startWeb()
  await stack.retireWeb(oldWeb)
  const ids = new Set<string>()
  const slow = await uploadOne(base(stack), slowHtml, 'deploy.html', 'text/html')
  ids.add(slow)
  await waitForStatus(stack, slow, 'processing', 60_000)
  const oldWorker = stack.workers[0] as ServiceProcess
  await stack.startWorker()
  await stack.retireWorker(oldWorker, 'SIGTERM')
  await sleep(profile.afterMs)
  await load.stop()
  for (const id of load.submitted) ids.add(id)
  const conversions = await settleConversions(stack, ids, profile.settleMs)
  const processes = [oldWeb, oldWorker, ...stack.webs, ...stack.workers]
  return {
    scenario: '4 rolling deploy (web, worker)',
    tally: load.tally,
    conversions,
    processes,
    checks: [
      { what: `0 failed requests (${load.tally.summary()})`, ok: load.tally.count5xx() === 0 },
      {
        what: `old web and worker exited 0 (${oldWeb.exited?.code}, ${oldWorker.exited?.code})`,
        ok: oldWeb.exited?.code === 0 && oldWorker.exited?.code === 0,
      },
      { what: '0 conversions lost or duplicated', ok: conversions.lost === 0 && conversions.duplicated === 0 },
    ],
    notes: [
      `proxy retried ${stack.proxy.retried} request(s) on another instance`,
      ...[oldWeb, oldWorker].filter((p) => p.exited?.code !== 0).map((p) => `${p.name} ended:\n${p.tail(8)}`),
      // A bounded shutdown step that ran out of time names itself: the shutdown held, but it is worth knowing.
      ...oldWeb.lines.filter((line) => line.includes('did not finish in time')),
    ],
  }
}
