/** Scenarios 1 (Redis restarted under load) and 6 (ten predeploys at once while the old release serves). */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { Client, Load, nextAddress, Tally } from '../load.js'
import { crashed, settleConversions, sleep, type Row } from '../outcomes.js'
import type { Profile } from '../profile.js'
import { OPS_TOKEN, repoRoot, type Stack } from '../stack.js'

const password = 'correct horse battery staple'

export async function redisRestarts(stack: Stack, profile: Profile): Promise<Row> {
  const base = `http://127.0.0.1:${stack.proxy.port}`
  const load = new Load(base, profile.load)
  await load.prepare()
  // One account signed in twice: the second revokes the first while Redis is down.
  const email = `revoker-${Date.now()}@bench.example`
  const victim = new Client(base)
  await victim.request('POST', '/api/auth/signup', { json: { email, password } })
  const revoker = new Client(base, nextAddress())
  await revoker.request('POST', '/api/auth/login', { json: { email, password } })
  const sessions = revoker.json<{ sessions: { id: string; current: boolean }[] }>(
    await revoker.request('GET', '/api/auth/sessions'),
  )?.sessions
  const victimSession = sessions?.find((s) => !s.current)?.id
  const before = await victim.request('GET', '/api/auth/me')
  load.start()
  await sleep(profile.warmMs)
  let revoked = 0
  for (let round = 0; round < 2; round++) {
    const restarting = stack.restartRedis(profile.redisDownMs)
    await sleep(profile.redisDownMs / 2)
    if (round === 0 && victimSession)
      revoked = (await revoker.request('DELETE', `/api/auth/sessions/${victimSession}`)).status
    await restarting
    await sleep(profile.afterMs)
  }
  await load.stop()
  const after = [await victim.request('GET', '/api/auth/me')]
  await sleep(2500)
  after.push(await victim.request('GET', '/api/auth/me'))
  const conversions = await settleConversions(stack, load.submitted, profile.settleMs)
  const processes = [...stack.webs, ...stack.workers]
  return {
    scenario: '1 Redis restarted ×2',
    tally: load.tally,
    conversions,
    processes,
    checks: [
      { what: `0 failed signed-in reads (${load.reads.summary()})`, ok: load.reads.countOf((s) => s !== 200) === 0 },
      { what: '0 users signed out (no 401)', ok: load.tally.countOf((s) => s === 401) === 0 },
      {
        what: `failures are uploads' 503s (${load.tally.summary()})`,
        ok: load.tally.countOf((s) => s === 0 || (s >= 500 && s !== 503)) === 0,
      },
      {
        what: `a session revoked during the outage stays revoked (${before.status} → revoke ${revoked} → ${after.map((a) => a.status).join(', ')})`,
        ok: before.status === 200 && revoked === 204 && after.every((a) => a.status === 401),
      },
      { what: '0 conversions lost or duplicated', ok: conversions.lost === 0 && conversions.duplicated === 0 },
      { what: 'no crash', ok: crashed(processes).length === 0 && processes.every((p) => !p.exited) },
    ],
    notes: [],
  }
}

/** This release's migrations plus one a newer release brings (an expand step). */
function newerRelease(): { dir: string; hash: string } {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-newer-release-'))
  cpSync(join(repoRoot, 'drizzle'), dir, { recursive: true })
  const journal = JSON.parse(readFileSync(join(dir, 'meta/_journal.json'), 'utf8')) as {
    entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[]
  }
  const last = journal.entries.at(-1) as (typeof journal.entries)[number]
  const tag = `${String(last.idx + 1).padStart(4, '0')}_bench_newer_release`
  const sql = 'ALTER TABLE "proposals" ADD COLUMN "bench_note" text;\n'
  writeFileSync(join(dir, `${tag}.sql`), sql)
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: Date.now(), tag, breakpoints: true })
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal, null, 2))
  return { dir, hash: createHash('sha256').update(sql).digest('hex') }
}

export async function concurrentPredeploys(stack: Stack, profile: Profile): Promise<Row> {
  const base = `http://127.0.0.1:${stack.proxy.port}`
  const load = new Load(base, profile.load)
  await load.prepare()
  load.start()
  await sleep(profile.warmMs)
  const ready = new Tally()
  let probing = true
  const probe = new Client(base)
  let notReady = ''
  const probes = (async () => {
    while (probing) {
      const answer = await probe.request('GET', '/ready', {
        timeoutMs: 10_000,
        headers: { authorization: `Bearer ${OPS_TOKEN}` },
      })
      ready.add(answer)
      if (answer.status !== 200) notReady = answer.body.slice(0, 600)
      await sleep(100)
    }
  })()
  const release = newerRelease()
  const runs = await Promise.all(Array.from({ length: profile.predeploys }, () => stack.predeploy(release.dir)))
  await sleep(profile.afterMs)
  probing = false
  await probes
  await load.stop()
  rmSync(release.dir, { recursive: true, force: true })
  const sql = stack.client(1)
  const [ledger] = await sql<
    { n: number }[]
  >`select count(*)::int as n from drizzle.__drizzle_migrations where hash = ${release.hash}`
  await sql.end({ timeout: 1 })
  const conversions = await settleConversions(stack, load.submitted, profile.settleMs)
  const codes = runs.map((r) => r.code)
  return {
    scenario: `6 ${profile.predeploys} predeploys at once`,
    tally: load.tally,
    conversions,
    processes: [...stack.webs, ...stack.workers],
    checks: [
      { what: `all exit 0 (${codes.join(' ')})`, ok: codes.every((c) => c === 0) },
      { what: `the migration applied once (${ledger?.n} ledger row)`, ok: ledger?.n === 1 },
      { what: `0 failed requests (${load.tally.summary()})`, ok: load.tally.count5xx() === 0 },
      { what: `the serving release stayed ready (${ready.summary()})`, ok: ready.countOf((s) => s !== 200) === 0 },
    ],
    notes: [
      ...runs.filter((r) => r.code !== 0).map((r) => r.output.split('\n').slice(-3).join(' ')),
      ...(notReady ? [`not ready: ${notReady}`] : []),
    ],
  }
}
