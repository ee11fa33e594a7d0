import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { settlesWithin } from '../src/timeout.js'

const built = fileURLToPath(new URL('../dist/timeout.js', import.meta.url))

/** Runs an ES module snippet in a fresh `node`, where nothing but the snippet keeps the loop alive. */
function runSnippet(code: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.on('error', reject)
    child.on('close', (exit) => resolve({ code: exit, stdout }))
  })
}

t.test('a step that never settles ends at its bound, even when nothing else keeps the process alive', async (t) => {
  // An unref'd timer here would let Node leave on an empty event loop mid-shutdown (exit 13,
  // "unsettled top-level await"), skipping the hand-back and the heartbeat's last write.
  const result = await runSnippet(`
    import { settlesWithin } from ${JSON.stringify(built)}
    const started = Date.now()
    const settled = await settlesWithin(new Promise(() => {}), 200)
    console.log(JSON.stringify({ settled, waited: Date.now() - started >= 190 }))
  `)
  t.equal(result.code, 0)
  t.same(JSON.parse(result.stdout), { settled: false, waited: true })
})

t.test('settled steps report true, rejected ones too (the step is over either way)', async (t) => {
  t.equal(await settlesWithin(Promise.resolve('x'), 1000), true)
  t.equal(await settlesWithin(Promise.reject(new Error('closed already')), 1000), true)
})
