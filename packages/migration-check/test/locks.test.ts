import t from 'tap'
import { MIGRATION_LOCK, runApply, MigrationCheckError } from '@draftsmith/migration-check'
import { createTestDatabase, migrationsFixture, repoMigrationTags } from '@draftsmith/test-support'

const lines = () => {
  const out: string[] = []
  return { out, reporter: { info: (l: string) => out.push(l), warn: (l: string) => out.push(l) } }
}

t.test('a second run waits for the migration lock, then proceeds', async (t) => {
  const db = await createTestDatabase(t, 'lock_wait')
  const migrations = migrationsFixture(t)
  const holder = await db.sql.reserve()
  t.teardown(() => holder.release())
  await holder`select pg_advisory_lock(${MIGRATION_LOCK.classId}, ${MIGRATION_LOCK.objId})`
  // postgres.js queries are lazy: execute() sends it.
  setTimeout(
    () => void holder`select pg_advisory_unlock(${MIGRATION_LOCK.classId}, ${MIGRATION_LOCK.objId})`.execute(),
    1500,
  )

  const { out, reporter } = lines()
  const result = await runApply({
    env: { DATABASE_URL: db.databaseUrl, MIGRATION_LOCK_WAIT_S: '30' },
    migrationsDir: migrations.dir,
    reporter,
  })
  t.ok(result.timings.lockWaitMs !== undefined && result.timings.lockWaitMs >= 1000, 'it waited for the holder')
  t.match(out.join('\n'), /waiting for the migration lock held by pid \d+/)
  t.same(
    result.applied.map((a) => a.tag),
    repoMigrationTags(),
  )
})

t.test('a table lock held by another session: lock_timeout, retries with backoff, then exit 4', async (t) => {
  const db = await createTestDatabase(t, 'lock_table')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl, MIGRATION_LOCK_TIMEOUT_MS: '200', MIGRATION_LOCK_RETRIES: '3' }
  await runApply({ env, migrationsDir: migrations.dir })
  migrations.add('0001_users_bio', 'ALTER TABLE "users" ADD COLUMN "bio" text;')

  // A long transaction that has read the table: the ALTER needs ACCESS EXCLUSIVE and must queue.
  const reader = await db.sql.reserve()
  t.teardown(() => reader.release())
  await reader`begin`
  await reader`select count(*) from users`
  const [{ pid }] = (await reader`select pg_backend_pid() as pid`) as unknown as [{ pid: number }]

  const { out, reporter } = lines()
  const error = (await runApply({ env, migrationsDir: migrations.dir, reporter }).catch(
    (e: unknown) => e,
  )) as MigrationCheckError
  t.type(error, MigrationCheckError)
  t.equal(error.exitCode, 4)
  t.match(
    error.message,
    new RegExp(
      `0001_users_bio\\.sql:1 waited 200 ms for a lock held by pid ${pid} .*gave up after 3 attempts \\(nothing of the file is applied\\)`,
    ),
  )
  t.match(out.join('\n'), /attempt 2\/3 in .*\n.*attempt 3\/3 in/, 'retried with backoff before giving up')
  const [column] =
    await db.sql`select 1 from information_schema.columns where table_name = 'users' and column_name = 'bio'`
  t.notOk(column)

  // Released halfway through the retries: the same run succeeds.
  const { out: out2, reporter: reporter2 } = lines()
  setTimeout(() => void reader`rollback`.execute(), 700)
  const result = await runApply({
    env: { ...env, MIGRATION_LOCK_RETRIES: '10' },
    migrationsDir: migrations.dir,
    reporter: reporter2,
  })
  t.same(
    result.applied.map((a) => a.tag),
    ['0001_users_bio'],
  )
  t.ok((result.applied[0]?.attempts ?? 0) > 1, 'it needed more than one attempt')
  t.match(out2.join('\n'), /attempt 2\/10/)
})
