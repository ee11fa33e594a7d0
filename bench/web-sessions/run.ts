/**
 * Signed-in `GET /api/auth/me`: draftsmith with its Redis cache and with Postgres only, beside
 * three peers on the same Redis — bare Fastify (the ceiling), Fastify + @fastify/session +
 * connect-redis, Express 5 + express-session + connect-redis — and @fastify/session with its own
 * in-process store (the plugin with no network at all). Every server runs in its own process;
 * autocannon drives each in turn from this one. draftsmith runs from its build at production's
 * log level (`pnpm build` first). Beside req/s, each server's own CPU time per request: on a
 * shared machine the steadier figure.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { runApply } from '@draftsmith/migration-check'
import { createTestDatabase, freePort, uniquePrefix } from '@draftsmith/test-support'
import autocannon from 'autocannon'
import { median, ms, table } from '../lib/stats.js'

const DURATION = Number(process.env.BENCH_SECONDS ?? 6)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const SECRET = 'a-benchmark-secret-that-is-long-enough-for-everyone'

const teardowns: Array<() => unknown> = []
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }

interface Server {
  name: string
  script: string
  env?: Record<string, string>
  /** How to obtain a signed-in cookie. */
  login?: { path: string; body: string }
  /** Runs our built packages (dist), as `node dist/server.js` does in production, not the sources. */
  built?: boolean
}

interface Measured {
  rps: number
  p99: number
  /** The server process's CPU time (user + system) per request: steadier than req/s on a shared machine. */
  cpuPerRequestUs: number
}

/** User + system CPU time of a process so far, in microseconds (Linux: /proc/PID/stat, in clock ticks of 10 ms). */
function cpuTimeUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}

function post(port: number, path: string, body: string): Promise<{ status: number; cookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume()
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            cookie: res.headers['set-cookie']?.map((c) => c.split(';')[0]).join('; '),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function start(server: Server): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort()
  const script = fileURLToPath(new URL(`./servers/${server.script}`, import.meta.url))
  const conditions = server.built ? [] : ['--conditions=@draftsmith/source']
  const child = spawn(process.execPath, ['--import', 'tsx', ...conditions, script], {
    env: { ...process.env, PORT: String(port), ...server.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    const listening = (chunk: Buffer) => {
      if (!chunk.toString().includes('listening')) return
      // From now on its output (draftsmith's access log) is drained unread, as a log shipper would.
      child.stdout?.off('data', listening)
      child.stdout?.resume()
      resolve()
    }
    child.stdout?.on('data', listening)
    child.once('exit', (code) => reject(new Error(`${server.name} exited with ${code}`)))
  })
  return { port, child }
}

async function measure(server: Server): Promise<Measured> {
  const { port, child } = await start(server)
  try {
    let cookie = ''
    if (server.login) {
      const res = await post(port, server.login.path, server.login.body)
      if (res.status >= 300 || !res.cookie) throw new Error(`${server.name}: login answered ${res.status}`)
      cookie = res.cookie
    }
    const options = {
      url: `http://127.0.0.1:${port}/api/auth/me`,
      connections: CONNECTIONS,
      headers: cookie ? { cookie } : {},
    }
    await autocannon({ ...options, duration: 2 })
    const cpuBefore = cpuTimeUs(child.pid as number)
    const result = await autocannon({ ...options, duration: DURATION })
    const cpu = cpuTimeUs(child.pid as number) - cpuBefore
    if (result.non2xx > 0 || result.errors > 0)
      throw new Error(`${server.name}: ${result.non2xx} non-2xx, ${result.errors} errors — not a signed-in measurement`)
    return { rps: result.requests.average, p99: result.latency.p99, cpuPerRequestUs: cpu / result.requests.total }
  } finally {
    child.kill('SIGTERM')
  }
}

async function main() {
  if (!existsSync(fileURLToPath(import.meta.resolve('@draftsmith/web/app'))))
    throw new Error('draftsmith is measured as production runs it, from its build: run `pnpm build` first')
  const db = await createTestDatabase(t, 'bench_sessions')
  await runApply({ env: { DATABASE_URL: db.databaseUrl } })
  const signup = {
    path: '/api/auth/signup',
    body: JSON.stringify({ email: 'bench@example.com', password: 'a benchmark password' }),
  }
  const login = {
    path: '/api/auth/login',
    body: JSON.stringify({ email: 'bench@example.com', password: 'a benchmark password' }),
  }
  const peer = { path: '/login', body: '{}' }
  const draftsmithEnv = {
    DATABASE_URL: db.databaseUrl,
    SESSION_SECRET: SECRET,
    REDIS_KEY_PREFIX: uniquePrefix('bench'),
    QUEUE_PREFIX: 'bench-bull',
  }
  const servers: Server[] = [
    { name: 'bare Fastify (ceiling)', script: 'fastify-bare.ts' },
    {
      name: 'draftsmith, Redis cache',
      script: 'draftsmith.ts',
      env: { ...draftsmithEnv, REDIS_URL },
      login: signup,
      built: true,
    },
    ...(process.env.BENCH_BASELINE_WEB
      ? [
          {
            name: 'draftsmith before (BENCH_BASELINE_WEB), Redis cache',
            script: 'draftsmith.ts',
            env: { ...draftsmithEnv, REDIS_URL, DRAFTSMITH_WEB_DIST: process.env.BENCH_BASELINE_WEB },
            login,
            built: true,
          },
        ]
      : []),
    {
      name: 'draftsmith, Postgres only',
      script: 'draftsmith.ts',
      env: { ...draftsmithEnv, REDIS_URL: '' },
      login,
      built: true,
    },
    {
      name: 'Fastify + @fastify/session + connect-redis',
      script: 'fastify-session.ts',
      env: { REDIS_URL, PREFIX: uniquePrefix('bench') },
      login: peer,
    },
    {
      name: 'Fastify + @fastify/session, in-process store',
      script: 'fastify-session.ts',
      env: { STORE: 'memory' },
      login: peer,
    },
    {
      name: 'Express 5 + express-session + connect-redis',
      script: 'express-session.ts',
      env: { REDIS_URL, PREFIX: uniquePrefix('bench') },
      login: peer,
    },
  ]
  // BENCH_ONLY=regex measures a subset (the signed-up account is created by the first draftsmith run).
  const only = new RegExp(process.env.BENCH_ONLY ?? '')
  const chosen = servers.filter((s) => only.test(s.name))
  // Every server once per round, in turn, so a change in the machine's load falls on all of them
  // alike; each figure is the median of its rounds.
  const rounds = new Map<string, Measured[]>()
  for (let round = 1; round <= ROUNDS; round++)
    for (const server of chosen) {
      process.stderr.write(`round ${round}/${ROUNDS}: measuring ${server.name}…\n`)
      const measured = await measure(server)
      rounds.set(server.name, [...(rounds.get(server.name) ?? []), measured])
    }
  const results = new Map<string, Measured>(
    [...rounds].map(([name, all]) => [
      name,
      {
        rps: median(all.map((m) => m.rps)),
        p99: median(all.map((m) => m.p99)),
        cpuPerRequestUs: median(all.map((m) => m.cpuPerRequestUs)),
      },
    ]),
  )
  const ceiling = results.get('bare Fastify (ceiling)')?.rps ?? 1
  console.log(
    `\nsigned-in GET /api/auth/me — ${CONNECTIONS} connections, ${DURATION} s each, one server process at a time, median of ${ROUNDS} rounds\n`,
  )
  console.log(
    table(
      ['server', 'req/s', 'p99', 'vs bare Fastify', 'server CPU / request'],
      [...results].map(([name, r]) => [
        name,
        Math.round(r.rps),
        ms(r.p99),
        `${((100 * r.rps) / ceiling).toFixed(0)}%`,
        `${r.cpuPerRequestUs.toFixed(0)} µs`,
      ]),
    ),
  )
  const cached = results.get('draftsmith, Redis cache')?.rps ?? 0
  const pgOnly = results.get('draftsmith, Postgres only')?.rps ?? 0
  const fastifyPeer = results.get('Fastify + @fastify/session + connect-redis')?.rps ?? 1
  const expressPeer = results.get('Express 5 + express-session + connect-redis')?.rps ?? 1
  console.log(`\nratios`)
  console.log(
    `  draftsmith with Redis cache / bare Fastify:           ${(cached / ceiling).toFixed(2)} (target ≥ 0.50)`,
  )
  console.log(
    `  draftsmith Postgres only / Fastify + connect-redis:   ${(pgOnly / fastifyPeer).toFixed(2)} (target ≥ 1.00)`,
  )
  console.log(
    `  draftsmith Postgres only / Express + connect-redis:   ${(pgOnly / expressPeer).toFixed(2)} (target ≥ 1.00)`,
  )
  console.log(`  draftsmith with Redis cache / Fastify + connect-redis: ${(cached / fastifyPeer).toFixed(2)}`)
  console.log(
    `  draftsmith with Redis cache / Express + connect-redis: ${(cached / expressPeer).toFixed(2)} (target ≥ 3.00)`,
  )
  // On a loaded machine every server waits for the CPU and req/s ratios drift towards 1: the CPU
  // each request cost the server says what a CPU-bound server would reach on an idle one.
  const cpu = (name: string) => results.get(name)?.cpuPerRequestUs ?? Number.NaN
  console.log(
    `  CPU per request, bare Fastify / draftsmith with Redis cache: ${(cpu('bare Fastify (ceiling)') / cpu('draftsmith, Redis cache')).toFixed(2)}`,
  )
  console.log(
    `  CPU per request, Express + connect-redis / draftsmith with Redis cache: ${(cpu('Express 5 + express-session + connect-redis') / cpu('draftsmith, Redis cache')).toFixed(2)}`,
  )
  const before = results.get('draftsmith before (BENCH_BASELINE_WEB), Redis cache')
  if (before)
    console.log(
      `  CPU per request, this build / BENCH_BASELINE_WEB: ${(cpu('draftsmith, Redis cache') / before.cpuPerRequestUs).toFixed(2)}`,
    )
  const pluginOnly = results.get('Fastify + @fastify/session, in-process store')?.rps ?? 0
  console.log(`  @fastify/session, in-process store / bare Fastify:    ${(pluginOnly / ceiling).toFixed(2)}`)
}

try {
  await main()
} finally {
  for (const fn of teardowns.reverse()) await fn()
}
