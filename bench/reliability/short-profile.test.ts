import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'

// The reliability bench's short profile (bench/reliability, README "Reliability"): every scenario
// it has, with smaller counts, against the built web and worker (pnpm test builds them first).
// It starts its own PostgreSQL and Redis, so it shares nothing with the other test files.
const root = fileURLToPath(new URL('../..', import.meta.url))
t.setTimeout(360_000)

t.test('pnpm bench:reliability --short: every scenario at its target', async (t) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@draftsmith/source', 'bench/reliability/run.ts', '--short'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    },
  )
  let output = ''
  child.stdout.on('data', (c) => (output += c))
  child.stderr.on('data', (c) => (output += c))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  t.comment(
    output
      .split('\n')
      .filter((l) => l.startsWith('|') || /MISS|load average/.test(l))
      .join('\n'),
  )
  t.equal(
    code,
    0,
    output
      .split('\n')
      .filter((l) => !l.startsWith('  ok'))
      .join('\n'),
  )
  t.match(output, /every scenario met its target/)
})
