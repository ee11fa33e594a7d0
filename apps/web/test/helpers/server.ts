import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { baseEnv, freePort } from '@draftsmith/test-support'

const serverPath = fileURLToPath(new URL('../../dist/server.js', import.meta.url))

export interface RunningServer {
  pid: number
  port: number
  url: string
  output: () => string
  exit: Promise<number | null>
  kill: (signal: NodeJS.Signals) => void
}

/** The built web service, started the way render.yaml starts it (`node apps/web/dist/server.js`). */
export async function startServer(
  t: { teardown(fn: () => void): void },
  env: Record<string, string>,
): Promise<RunningServer> {
  const port = await freePort()
  const child = spawn(process.execPath, [serverPath], {
    env: baseEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (c) => (output += c))
  child.stderr.on('data', (c) => (output += c))
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  t.teardown(() => child.kill('SIGKILL'))
  // A bound on waiting, not a speed check: a loaded CI machine can take many seconds to boot Node.
  const deadline = Date.now() + 60_000
  while (!output.includes('Server listening')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    pid: child.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exit,
    kill: (signal) => child.kill(signal),
  }
}

export interface CallResult {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

/** One HTTP request over a real connection. */
export function call(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<CallResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}
