import { readdirSync, readFileSync } from 'node:fs'
import t from 'tap'
import { ConversionInterruptedError, ConverterCrashedError } from '../../src/process/errors.js'
import { IsolatedConverter } from '../../src/process/isolated.js'

/**
 * The pool's contract, which the worker and the CLI both lean on (ADR 051): a refusal resolves,
 * an outside stop and a crash of ours reject, each with its own class.
 */

/** This process' conversion children. */
function children(): number[] {
  const pids: number[] = []
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    const listed = readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim()
    for (const pid of listed.split(/\s+/).filter(Boolean).map(Number))
      if (/process\/child\.[jt]s/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) pids.push(pid)
  }
  return pids
}

/** Kills the running conversion's process with `signal` once it has started converting. */
async function killConverting(pool: IsolatedConverter, signal: NodeJS.Signals) {
  let progressed!: () => void
  const started = new Promise<void>((resolve) => (progressed = resolve))
  // A page large enough to take a while: the kill lands mid-conversion, not during start.
  const html = `<h1>Slow</h1>${'<p>words and more words</p>'.repeat(60_000)}`
  const converting = pool.convert(Buffer.from(html), { format: 'html', onProgress: () => progressed() })
  await Promise.race([started, converting])
  for (const pid of children()) process.kill(pid, signal)
  return converting.then(
    () => undefined,
    (error: unknown) => error,
  )
}

t.test('a refusal resolves with its reason; the pool goes on', async (t) => {
  const pool = new IsolatedConverter()
  t.teardown(() => pool.close())
  t.match(await pool.convert(Buffer.from('%PDF-1.7 not really'), { format: 'pdf' }), { ok: false, reason: /./ })
  t.match(await pool.convert(Buffer.from('still here'), { format: 'text' }), { ok: true, markdown: 'still here\n' })
})

t.test('stopped from outside (SIGTERM): ConversionInterruptedError, not a refusal', async (t) => {
  const pool = new IsolatedConverter()
  t.teardown(() => pool.close())
  const error = await killConverting(pool, 'SIGTERM')
  t.type(error, ConversionInterruptedError)
  t.equal((error as ConversionInterruptedError).signal, 'SIGTERM')
  t.match(await pool.convert(Buffer.from('again'), { format: 'text' }), { ok: true }, 'a fresh process next')
})

t.test('a process that dies of itself (SIGSEGV): ConverterCrashedError, worth a retry', async (t) => {
  const pool = new IsolatedConverter()
  t.teardown(() => pool.close())
  const error = await killConverting(pool, 'SIGSEGV')
  t.type(error, ConverterCrashedError)
  t.match((error as Error).message, /ended unexpectedly \(exit code null, signal SIGSEGV\)/)
})

t.test('a process killed while idle, before its exit is heard: the next document goes to a fresh one', async (t) => {
  const pool = new IsolatedConverter()
  t.teardown(() => pool.close())
  t.match(await pool.convert(Buffer.from('first'), { format: 'text' }), { ok: true })
  const [pid] = children()
  process.kill(pid as number, 'SIGKILL')
  // Dead to the kernel, not yet to this process (it hears the exit on a later turn of its loop):
  // the next document is written to a closed channel. Before the fix, that write's error event
  // ended the program (the reliability bench's worker, issue 22).
  while (!/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) {
    // spin: waiting here keeps the exit unheard
  }
  t.match(await pool.convert(Buffer.from('second'), { format: 'text' }), { ok: true, markdown: 'second\n' })
  t.not(children()[0], pid, 'on a new process')
})

t.test('the caller’s signal rejects with its reason and ends the process', async (t) => {
  const pool = new IsolatedConverter()
  t.teardown(() => pool.close())
  const controller = new AbortController()
  const html = `<h1>Slow</h1>${'<p>words and more words</p>'.repeat(60_000)}`
  const converting = pool.convert(Buffer.from(html), {
    format: 'html',
    signal: controller.signal,
    onProgress: () => controller.abort(new Error('shutting down')),
  })
  await t.rejects(converting, { message: 'shutting down' })
  t.ok(pool.peakRssMb > 0, `the pool watched it: ${Math.round(pool.peakRssMb)} MB at most`)
})
