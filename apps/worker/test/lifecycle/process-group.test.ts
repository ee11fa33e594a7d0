import { spawn } from 'node:child_process'
import { baseEnv } from '@draftsmith/test-support'
import t from 'tap'
import { mainPath, mimes, settled, setup, slowHtml, upload } from '../helpers/worker.js'

t.test(
  "SIGTERM to the worker's whole process group: the conversion is the worker's to finish, not killed with it (issue 22)",
  async (t) => {
    const s = await setup(t, 'process_group', undefined)
    // As systemd or a terminal starts it: the leader of its own process group.
    const worker = spawn(process.execPath, [mainPath], {
      env: baseEnv({ ...s.env, NODE_ENV: 'production', WORKER_CONCURRENCY: '1', CONVERSION_MAX_HEAP_MB: '512' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    worker.stdout.on('data', (c) => (output += c))
    worker.stderr.on('data', (c) => (output += c))
    const exit = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)))
    t.teardown(() => {
      if (worker.exitCode === null) worker.kill('SIGKILL')
    })
    while (!output.includes('worker started')) await new Promise((r) => setTimeout(r, 25))
    const id = await upload(s, 'slow.html', mimes.html, slowHtml())
    await settled(s, id, (row) => row.status === 'processing')
    // `kill -TERM -<pgid>`: every process of the group gets it at once.
    process.kill(-(worker.pid as number), 'SIGTERM')
    t.equal(await exit, 0, 'the worker exits 0')
    const row = await settled(s, id)
    t.equal(row.status, 'succeeded', `finished within the grace period: ${row.error ?? ''}`)
    t.notMatch(output, /needs more than/, 'never reported as a memory failure')
  },
)
