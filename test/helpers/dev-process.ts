import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { baseEnv } from '@draftsmith/test-support'

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

/** A `pnpm dev` started as a terminal starts it: the leader of its own process group. */
export interface DevProcess {
  /** Everything it printed so far. */
  output: () => string
  /** The exit code (or the signal's name) once it has exited. */
  exit: Promise<number | string>
  /** Resolves with the line that contains `text`, or rejects when the process exits first or `timeoutMs` passes. */
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<string>
  /** What Ctrl-C does: SIGINT to every process in the group. */
  interrupt: () => void
  /**
   * The processes still running that this `pnpm dev` started, in any process group (by a marker in
   * their environment), once they have had `graceMs` to exit: some outlive it by a moment
   * (PostgreSQL's backends, pnpm's own process-group reaper).
   */
  survivors: (graceMs?: number) => Promise<string[]>
}

/**
 * Runs `pnpm dev` in `dir` with only what a newcomer's shell would have, plus `env`. Every
 * process it starts inherits a marker variable, which is how {@link DevProcess.survivors} finds
 * them after the fact, wherever they were re-parented.
 */
export function startDev(t: Teardown, dir: string, env: Record<string, string>): DevProcess {
  const marker = `DRAFTSMITH_DEV_TEST=${randomBytes(8).toString('hex')}`
  const [markerKey, markerValue] = marker.split('=') as [string, string]
  // A shell has no NODE_ENV: `pnpm dev` sets what its services need.
  const { NODE_ENV: _, ...shell } = baseEnv(env)
  const child = spawn('pnpm', ['dev'], {
    cwd: dir,
    detached: true,
    env: { ...shell, [markerKey]: markerValue },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const exit = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  )

  const running = () => {
    const found: string[] = []
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) continue
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim()}`)
      } catch {
        // Exited while we looked, or a zombie: not running.
      }
    }
    return found
  }
  const survivors = async (graceMs = 5000) => {
    const deadline = Date.now() + graceMs
    let left = running()
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      left = running()
    }
    return left
  }
  t.teardown(() => {
    for (const entry of running()) {
      try {
        process.kill(Number(entry.split(' ')[0]), 'SIGKILL')
      } catch {
        // Gone already.
      }
    }
  })

  return {
    output: () => output,
    exit,
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
    survivors,
    async waitFor(text, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const line = output.split('\n').find((l) => (typeof text === 'string' ? l.includes(text) : text.test(l)))
        if (line !== undefined) return line
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
          throw new Error(`pnpm dev never printed ${String(text)}:\n${output}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
  }
}
