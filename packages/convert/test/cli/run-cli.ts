import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
const tsx = import.meta.resolve('tsx')

export interface CliRun {
  code: number | null
  stdout: Buffer
  stderr: string
}

/** Runs `draftsmith …` from source in `cwd`, with `stdin` on its standard input; resolves when it exits. */
export function runCli(
  args: string[],
  options: { cwd: string; stdin?: Uint8Array; bin?: string[]; env?: Record<string, string> },
): Promise<CliRun> {
  const command = options.bin ?? [process.execPath, '--import', tsx, '--conditions=@draftsmith/source', main]
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
