/**
 * Where a signed-in `GET /api/auth/me` spends its time: draftsmith's server (Redis cache) under
 * load with `--cpu-prof`, then its self time summed by package and by function. Not a benchmark
 * (profiling slows the server); run.ts is. `PROFILE_DIR` keeps the .cpuprofile for a flame view.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runApply } from '@draftsmith/migration-check'
import { createTestDatabase, freePort, uniquePrefix } from '@draftsmith/test-support'
import autocannon from 'autocannon'
import { table } from '../lib/stats.js'

const DURATION = Number(process.env.BENCH_SECONDS ?? 8)
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const teardowns: Array<() => unknown> = []
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}

function packageOf(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url)
  if (match) return match[1] as string
  if (url.startsWith('node:')) return 'node'
  if (url === '') return '(native / gc / idle)'
  const ours = /\/(apps|packages)\/([^/]+)\//.exec(url)
  return ours ? `draftsmith ${ours[2]}` : url
}

/** Samples per node, only from the `seconds` of load before the last half second (start-up and shutdown left out). */
function hitsUnderLoad(profile: Profile, seconds: number): Map<number, number> {
  const times: number[] = []
  let now = 0
  for (const delta of profile.timeDeltas) times.push((now += delta))
  const end = now - 500_000
  const hits = new Map<number, number>()
  profile.samples.forEach((id, i) => {
    const at = times[i] as number
    if (at <= end && at > end - seconds * 1e6) hits.set(id, (hits.get(id) ?? 0) + 1)
  })
  return hits
}

function summarize(file: string, seconds: number, requests: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const hitsOf = hitsUnderLoad(profile, seconds)
  const total = [...hitsOf.values()].reduce((sum, n) => sum + n, 0)
  console.log(
    `${total} samples (ms) under load: ${((total * 1000) / ((requests * seconds) / DURATION)).toFixed(0)} µs of samples per request\n`,
  )
  const byPackage = new Map<string, number>()
  const byFunction = new Map<string, number>()
  for (const node of profile.nodes) {
    const hits = hitsOf.get(node.id) ?? 0
    const { functionName, url, lineNumber } = node.callFrame
    const pkg = packageOf(url)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits)
    const key = `${functionName || '(anonymous)'} ${pkg}:${lineNumber + 1}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits)
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, `${((100 * v) / total).toFixed(1)}%`])
  console.log(table(['package (self time)', 'share'], top(byPackage, 25)))
  console.log()
  console.log(table(['function (self time)', 'share'], top(byFunction, 40)))
}

function post(port: number, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.headers['set-cookie']?.map((c) => c.split(';')[0]).join('; ') ?? ''))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function main() {
  const db = await createTestDatabase(t, 'bench_profile')
  await runApply({ env: { DATABASE_URL: db.databaseUrl } })
  const dir = process.env.PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'web-profile-'))
  mkdirSync(dir, { recursive: true })
  const port = await freePort()
  const server = process.env.PROFILE_SERVER ?? 'draftsmith.ts'
  const script = fileURLToPath(new URL(`./servers/${server}`, import.meta.url))
  const node = [process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`]
  // PROFILE_STRACE=1: count the server's system calls instead (strace -c), e.g. writes per request.
  const command = process.env.PROFILE_STRACE
    ? [
        'strace',
        ...(process.env.PROFILE_STRACE === 'calls' ? ['-e', 'trace=write', '-y', '-s', '120'] : ['-c']),
        '-f',
        '-o',
        join(dir, 'strace.txt'),
        ...node,
      ]
    : node
  const child = spawn(
    command[0] as string,
    // draftsmith as production runs it: the built dist (run `pnpm build` first), not the sources.
    [
      ...command.slice(1),
      '--import',
      'tsx',
      ...(process.env.PROFILE_SOURCE ? ['--conditions=@draftsmith/source'] : []),
      script,
    ],
    {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: db.databaseUrl,
        SESSION_SECRET: 'a-benchmark-secret-that-is-long-enough-for-everyone',
        REDIS_URL,
        REDIS_KEY_PREFIX: uniquePrefix('profile'),
        QUEUE_PREFIX: 'bench-bull',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve())
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  const cookie =
    server === 'draftsmith.ts'
      ? await post(
          port,
          '/api/auth/signup',
          JSON.stringify({ email: 'profile@example.com', password: 'a benchmark password' }),
        )
      : await post(port, '/login', '{}')
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/auth/me`,
    connections: 32,
    duration: DURATION,
    headers: { cookie },
  })
  console.log(
    `${Math.round(result.requests.average)} req/s under the profiler, ${result.requests.total} requests, ${result.non2xx} non-2xx\n`,
  )
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
  // The main thread's profile (tsx's loader thread writes another, numbered after it).
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()[0]
  if (!file) throw new Error(`no profile written in ${dir}`)
  console.log(`profile: ${join(dir, file)}\n`)
  summarize(join(dir, file), DURATION - 1, result.requests.total)
}

try {
  await main()
} finally {
  for (const fn of teardowns.reverse()) await fn()
}
