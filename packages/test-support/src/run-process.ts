import { spawn, type ChildProcess } from 'node:child_process'

export interface ProcessResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/** Only what a predeploy on a PaaS would have: no DATABASE_URL or REDIS_URL leaking in from the shell. */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value
  return env
}

export interface RunNodeOptions {
  /** Kill it (SIGKILL) after this long. @default 120000 */
  timeoutMs?: number
  /** Flags for node itself, before the script (e.g. `--import tsx`). @default none */
  nodeArgs?: string[]
  /** Working directory. @default this process's */
  cwd?: string
}

/** Runs `node [nodeArgs] <script> ...args` to completion and collects its output. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: RunNodeOptions = {},
): Promise<ProcessResult> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
      env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started })
    })
  })
}

/** A long-running `node` process a test started: its exit code, and everything it printed so far. */
export interface RunningNode {
  child: ChildProcess
  exit: Promise<number | null>
  output: () => string
}

/**
 * Starts `node [nodeArgs] <script>` and resolves once its output includes `ready` (a log line),
 * or throws with that output when it exits first or takes longer than `timeoutMs`.
 */
export async function startNode(
  script: string,
  env: Record<string, string>,
  options: { ready: string; timeoutMs?: number; nodeArgs?: string[]; cwd?: string },
): Promise<RunningNode> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (c) => (output += c))
  child.stderr?.on('data', (c) => (output += c))
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + (options.timeoutMs ?? 20_000)
  while (!output.includes(options.ready)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL')
      throw new Error(`${script} did not start:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  return { child, exit, output: () => output }
}
