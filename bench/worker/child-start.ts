/**
 * `pnpm --filter @draftsmith/bench run child-start [-- --before /path/to/another/checkout]`
 *
 * How long the worker's conversion process takes to start, and the memory it holds once started,
 * measured on the built worker (`pnpm build` first): the process is forked as the pool forks it
 * (with an IPC channel; the child announces itself on it) and loads the child's module.
 * With `--before`, the same for the child of another checkout's build, side by side: issue 18
 * took BullMQ, drizzle and the database code out of these processes.
 */
import { fork } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { median, table } from '../lib/stats.js'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { before: { type: 'string' }, runs: { type: 'string', default: '7' } },
})
const runs = Number(values.runs)
const root = fileURLToPath(new URL('../../', import.meta.url))
// The engine's own conversion process since the worker uses the engine's pool; the worker's
// workerpool child in older checkouts.
function child(checkout: string): string {
  const engine = join(resolve(checkout), 'packages/convert/dist/process/child.js')
  return existsSync(engine) ? engine : join(resolve(checkout), 'apps/worker/dist/conversions/converter-child.js')
}

// Imports the child's module and reports how long that took and what the process then holds.
const probe = join(tmpdir(), 'draftsmith-child-start.mjs')
writeFileSync(
  probe,
  `const started = performance.now()
for (const module of process.argv.slice(2)) await import(module)
console.log(JSON.stringify({ ms: performance.now() - started, rssMb: process.memoryUsage.rss() / 1048576 }))
process.exit(0)
`,
)

function startOnce(modules: string[]): Promise<{ ms: number; rssMb: number; totalMs: number }> {
  const started = performance.now()
  return new Promise((resolvePromise, reject) => {
    const process = fork(probe, modules, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv: [] })
    let out = ''
    process.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    process.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the probe exited with ${code}`))
      else
        resolvePromise({ ...JSON.parse(out.trim().split('\n').at(-1) as string), totalMs: performance.now() - started })
    })
  })
}

async function measure(label: string, modules: string[]): Promise<string[]> {
  for (const module of modules)
    if (!existsSync(module)) throw new Error(`${module} does not exist: build that checkout first`)
  const samples = []
  for (let i = 0; i < runs; i++) samples.push(await startOnce(modules))
  return [
    label,
    `${median(samples.map((s) => s.ms)).toFixed(0)} ms`,
    `${median(samples.map((s) => s.totalMs)).toFixed(0)} ms`,
    `${median(samples.map((s) => s.rssMb)).toFixed(0)} MB`,
  ]
}

// The engine loads each reader when a document of its format first comes: a process that has
// converted every format holds them all (pdf.js the largest), which the last row shows.
const readers = ['docx', 'html', 'markdown', 'pdf', 'text'].map((format) =>
  join(root, `packages/convert/dist/readers/${format}/index.js`),
)
const rows = []
if (values.before !== undefined) rows.push(await measure(`before (${values.before})`, [child(values.before)]))
const label = values.before === undefined ? 'this checkout' : 'after (this checkout)'
rows.push(await measure(label, [child(root)]))
rows.push(await measure(`${label}, every reader loaded`, [child(root), ...readers]))
console.log(`\nThe worker's conversion process: median of ${runs} starts\n`)
console.log(table(['child', 'loading its module', 'fork to loaded', 'resident memory once loaded'], rows))
