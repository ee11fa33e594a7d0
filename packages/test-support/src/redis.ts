import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, Socket } from 'node:net'

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

/**
 * The shared Redis for Redis-mode tests: REDIS_URL. Without it those tests are skipped — unless
 * DRAFTSMITH_REQUIRE_REDIS=1 (CI), where a missing or dead Redis fails the run instead.
 */
export async function sharedRedisUrl(): Promise<{ url: string } | { skip: string }> {
  const url = process.env.REDIS_URL
  const required = process.env.DRAFTSMITH_REQUIRE_REDIS === '1'
  if (!url) {
    if (required) throw new Error('DRAFTSMITH_REQUIRE_REDIS=1 but REDIS_URL is not set')
    return { skip: 'REDIS_URL is not set: Redis-mode tests skipped' }
  }
  const parsed = new URL(url)
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = new Socket()
    socket.setTimeout(1000)
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => (socket.destroy(), resolve(false)))
    socket.connect(Number(parsed.port || 6379), parsed.hostname)
  })
  if (!reachable) {
    if (required) throw new Error(`DRAFTSMITH_REQUIRE_REDIS=1 but Redis at ${parsed.host} is unreachable`)
    return { skip: `Redis at ${parsed.host} is unreachable: Redis-mode tests skipped` }
  }
  return { url }
}

/** A key prefix no other test file uses. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString('hex')}:`
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** A private redis-server a test may stop, freeze and restart without disturbing other files. */
export interface PrivateRedis {
  url: string
  port: number
  /** Kills the process (data is lost: it keeps nothing on disk). */
  stop(): Promise<void>
  /** Starts it again on the same port. */
  start(): Promise<void>
  /** SIGSTOP: connections stay open but nothing answers (data is kept). */
  freeze(): void
  /** SIGCONT. */
  thaw(): void
}

async function waitForPort(port: number, up: boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => resolve(false))
      socket.connect(port, '127.0.0.1')
    })
    if (open === up) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`redis-server on ${port} did not ${up ? 'start' : 'stop'} within ${timeoutMs} ms`)
}

export async function startPrivateRedis(t: Teardown): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | undefined
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
        { stdio: 'ignore' },
      )
      await waitForPort(port, true)
    },
    async stop() {
      if (!child) return
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      child.kill('SIGCONT')
      child.kill('SIGKILL')
      await exited
      child = undefined
      await waitForPort(port, false)
    },
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
  }
  await redis.start()
  t.teardown(() => redis.stop())
  return redis
}
