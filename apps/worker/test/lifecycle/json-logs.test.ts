import postgres from 'postgres'
import t from 'tap'
import { setup, spawnWorker } from '../helpers/worker.js'

/** Lines that are not one JSON object (production logs are read by machines). */
function nonJson(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object'
      } catch {
        return true
      }
    })
}

t.test('the worker writes only JSON lines while PostgreSQL ends its connections (issue 22)', async (t) => {
  // PostgreSQL backend: the queue's own pools are PostgreSQL connections, as in Postgres-only mode.
  const s = await setup(t, 'json_logs', undefined)
  const worker = await spawnWorker(s, { NODE_ENV: 'production' })
  t.teardown(() => {
    worker.child.kill('SIGKILL')
  })
  const admin = postgres(s.db.databaseUrl, { max: 1, onnotice: () => {} })
  t.teardown(() => admin.end({ timeout: 1 }))
  // What a PostgreSQL restart does to every session: terminate it (57P01), twice.
  for (let round = 0; round < 2; round++) {
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await admin`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`
  }
  await new Promise((resolve) => setTimeout(resolve, 2000))
  worker.child.kill('SIGTERM')
  t.equal(await worker.exit, 0, 'and it still shuts down cleanly')
  t.match(worker.output(), /terminating connection due to administrator command/, 'the errors were logged')
  t.same(nonJson(worker.output()).slice(0, 5), [], 'every line is JSON')
})
