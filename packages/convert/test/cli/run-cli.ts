import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// The built CLI (`pnpm test` builds first): started from source, each of the suite's CLI runs
// would compile the engine again under tsx, about half a second of CPU apiece.
export const cliMain = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

export interface CliRun {
  code: number | null
  stdout: Buffer
  stderr: string
}

/** Runs the built `draftsmith …` in `cwd`, with `stdin` on its standard input; resolves when it exits. */
export function runCli(
  args: string[],
  options: { cwd: string; stdin?: Uint8Array; bin?: string[]; env?: Record<string, string> },
): Promise<CliRun> {
  const command = options.bin ?? [process.execPath, cliMain]
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] as string, [...command.slice(1), ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }))
    child.stdin.end(options.stdin ?? Buffer.alloc(0))
  })
}
