import { createServer } from 'node:net'
import t from 'tap'
import { createTestDatabase, migrationsFixture, repoMigrationTags, urlFor } from '@draftsmith/test-support'

const repoTags = repoMigrationTags()
const latest = repoTags.at(-1)

import { jsonOf, runCli } from './helpers/cli.js'

/** Each failure ends with exactly one line that says what to do next. */
function lastLine(stderr: string): string {
  return stderr.trim().split('\n').at(-1) ?? ''
}

t.test('0: applies, and a second run is a no-op', async (t) => {
  const db = await createTestDatabase(t, 'cli_ok')
  const migrations = migrationsFixture(t)
  const first = await runCli(['--migrations', migrations.dir], { DATABASE_URL: db.databaseUrl })
  t.equal(first.code, 0, first.stderr)
  t.match(first.stdout, /applied {4}0000_init\.sql in .* \(17 statements\)/)
  t.match(first.stdout, /schema {5}matches the code/)
  const second = await runCli(['apply', '--migrations', migrations.dir, '--json'], { DATABASE_URL: db.databaseUrl })
  t.equal(second.code, 0)
  t.match(jsonOf(second), { command: 'apply', ok: true, exitCode: 0, applied: [], pending: [] })
})

t.test('the log shows the URL with its password redacted, never the password', async (t) => {
  const db = await createTestDatabase(t, 'cli_redact')
  const url = new URL(db.databaseUrl)
  url.password = 's3cr3t-pw'
  const migrations = migrationsFixture(t)
  const run = await runCli(['--migrations', migrations.dir], { DATABASE_URL: url.toString() })
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout, `database   postgresql://root:****@127.0.0.1:5432/${db.name}`)
  t.notMatch(run.stdout + run.stderr, 's3cr3t-pw')
})

t.test('1: an unexpected failure is reported, not hidden', async (t) => {
  const db = await createTestDatabase(t, 'cli_unexpected')
  // A ledger table of the wrong shape: nothing migration-check knows how to explain.
  await db.sql`create schema drizzle`
  await db.sql`create table drizzle.__drizzle_migrations (id serial primary key, checksum text)`
  const run = await runCli([], { DATABASE_URL: db.databaseUrl })
  t.equal(run.code, 1)
  t.match(
    lastLine(run.stderr),
    /^migration-check: unexpected \(exit 1\): unexpected error: PostgresError 42703: column "hash" does not exist — next: read the error above/,
  )
})

t.test('2: configuration problems are listed together', async (t) => {
  const missing = await runCli([], {})
  t.equal(missing.code, 2)
  t.match(missing.stderr, /DATABASE_URL is not set/)
  t.match(lastLine(missing.stderr), /— next: fix the environment variables named above/)

  const empty = await runCli([], { DATABASE_URL: '' })
  t.equal(empty.code, 2, 'an empty DATABASE_URL never falls back to localhost')
  t.match(empty.stderr, /DATABASE_URL: it is empty/)

  const several = await runCli(['--json'], {
    DATABASE_URL: 'mysql://u:hunter2@db/app?sslmode=maybe&foo=1',
    MIGRATION_LOCK_TIMEOUT_MS: 'soon',
    MIGRATION_CONNECT_TIMEOUT_S: '-5',
  })
  t.equal(several.code, 2)
  const body = jsonOf(several)
  t.match(body, { ok: false, exitCode: 2, error: { kind: 'configuration' } })
  t.equal(body.error.details.length, 5, 'scheme, sslmode, unknown parameter and both numbers')
  t.notMatch(several.stdout, 'hunter2')

  const unknownDb = await runCli([], { DATABASE_URL: urlFor('ds_does_not_exist_anywhere') })
  t.equal(unknownDb.code, 2, 'a database that does not exist is a configuration error: no retry fixes it')
  t.match(lastLine(unknownDb.stderr), /create the database or fix its name in DATABASE_URL/)

  const badCommand = await runCli(['migrate'], { DATABASE_URL: 'postgresql://x@h/db' })
  t.equal(badCommand.code, 2)
  t.match(badCommand.stderr, /unknown command "migrate"/)

  const badFlag = await runCli(['--force'], { DATABASE_URL: 'postgresql://x@h/db' })
  t.equal(badFlag.code, 2)

  const noJournal = await runCli(['--migrations', '/nonexistent'], { DATABASE_URL: 'postgresql://x@127.0.0.1/db' })
  t.equal(noJournal.code, 2)
  t.match(noJournal.stderr, /no migrations journal at \/nonexistent\/meta\/_journal\.json/)
})

t.test('3: an unreachable database is retried with backoff, then given up on', async (t) => {
  const refused = await runCli([], {
    DATABASE_URL: 'postgresql://root:pw@127.0.0.1:1/db',
    MIGRATION_CONNECT_TIMEOUT_S: '2',
  })
  t.equal(refused.code, 3)
  t.match(refused.stderr, /database not reachable yet \(connect ECONNREFUSED 127\.0\.0\.1:1\); retry 2 in/)
  t.match(
    lastLine(refused.stderr),
    /could not reach postgresql:\/\/root:\*\*\*\*@127\.0\.0\.1:1\/db within 2\.0 s .* — next: check that the database is running/,
  )
  t.ok(refused.ms < 10_000, `bounded by MIGRATION_CONNECT_TIMEOUT_S (took ${refused.ms} ms)`)

  // A peer that accepts TCP and never answers the startup message.
  const sockets = new Set<import('node:net').Socket>()
  const silent = createServer((socket) => sockets.add(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    for (const socket of sockets) socket.destroy()
    silent.close()
  })
  const port = (silent.address() as import('node:net').AddressInfo).port
  const hanging = await runCli(
    [],
    { DATABASE_URL: `postgresql://root@127.0.0.1:${port}/db`, MIGRATION_CONNECT_TIMEOUT_S: '3' },
    { timeoutMs: 30_000 },
  )
  t.equal(hanging.code, 3, 'a silent peer ends in exit 3, not a hang')
  t.ok(hanging.ms < 15_000, `bounded (took ${hanging.ms} ms)`)
})

t.test('4: the migration lock held too long', async (t) => {
  // The same key held in another database of the cluster is another deploy's, not this one's:
  // the message named whichever holder pg_locks listed first.
  const elsewhere = await createTestDatabase(t, 'cli_lock_elsewhere')
  const stranger = await elsewhere.sql.reserve()
  t.teardown(() => stranger.release())
  await stranger`select pg_advisory_lock(${0x64726674}, 1)`
  const db = await createTestDatabase(t, 'cli_lock')
  const holder = await db.sql.reserve()
  t.teardown(() => holder.release())
  await holder`select pg_advisory_lock(${0x64726674}, 1)`
  const [{ pid }] = (await holder`select pg_backend_pid() as pid`) as unknown as [{ pid: number }]
  const run = await runCli([], { DATABASE_URL: db.databaseUrl, MIGRATION_LOCK_WAIT_S: '1' })
  t.equal(run.code, 4)
  t.match(run.stdout, /waiting for the migration lock held by pid/)
  t.match(lastLine(run.stderr), new RegExp(`held by pid ${pid} .* — next: .*pg_terminate_backend\\(${pid}\\)`))
})

t.test('5: a failing migration', async (t) => {
  const db = await createTestDatabase(t, 'cli_failed')
  const migrations = migrationsFixture(t)
  migrations.add('0001_broken', 'CREATE TABLE "broken" ("id" int);\nSELECT 1/0;')
  const run = await runCli(['--migrations', migrations.dir], { DATABASE_URL: db.databaseUrl })
  t.equal(run.code, 5)
  t.match(
    lastLine(run.stderr),
    /0001_broken\.sql:2 \(statement 2\) failed: 22012 division by zero — next: fix 0001_broken\.sql and deploy again \(the file was rolled back/,
  )
  t.match(run.stdout, /applied {4}0000_init\.sql/, 'files before it stay applied: each file is its own transaction')
})

t.test('6: status on a drifted database names the column', async (t) => {
  const db = await createTestDatabase(t, 'cli_drift')
  const migrations = migrationsFixture(t)
  t.equal((await runCli(['--migrations', migrations.dir], { DATABASE_URL: db.databaseUrl })).code, 0)
  await db.sql`alter table conversions drop column error`
  const run = await runCli(['status', '--migrations', migrations.dir], { DATABASE_URL: db.databaseUrl })
  t.equal(run.code, 6)
  t.match(run.stderr, /column conversions\.error does not exist/)
  const json = await runCli(['status', '--json', '--migrations', migrations.dir], { DATABASE_URL: db.databaseUrl })
  t.equal(json.code, 6)
  t.match(jsonOf(json), {
    command: 'status',
    ok: false,
    exitCode: 6,
    migrated: false,
    current: latest,
    pending: [],
    applied: repoTags,
  })
  t.match(jsonOf(json).drift, [{ kind: 'missing_column', object: 'conversions.error' }])
  t.match(jsonOf(json).checks, [
    { name: 'ledger', ok: true },
    { name: 'pending', ok: true },
    { name: 'schema', ok: false },
    { name: 'required_columns', ok: true },
  ])
  t.same(
    jsonOf(json).columns,
    { 'proposals.visitor_session_id': true, 'conversions.proposal_id': true },
    '`status --json` has the per-column map too',
  )
})

t.test('7: lint errors, without a database', async (t) => {
  const migrations = migrationsFixture(t)
  const file = migrations.add('0001_drop', 'ALTER TABLE "users" DROP COLUMN "email";')
  const run = await runCli(['lint', file.path], {})
  t.equal(run.code, 7)
  t.match(run.stderr, /0001_drop\.sql:1 {2}error {2}drop-column: drops column users\.email → stop using the column/)
  const all = await runCli(['lint', '--migrations', migrations.dir, '--json'], {})
  t.equal(all.code, 7)
  t.match(jsonOf(all), { command: 'lint', ok: false, exitCode: 7, error: { kind: 'lintErrors' } })
  const clean = await runCli(['lint'], {})
  t.equal(clean.code, 0, 'the committed migrations lint clean')
})

t.test('a dead REDIS_URL changes nothing: the predeploy never reads it', async (t) => {
  const db = await createTestDatabase(t, 'cli_deadcache')
  const migrations = migrationsFixture(t)
  const run = await runCli(['--migrations', migrations.dir], {
    DATABASE_URL: db.databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:1',
    SESSION_SECRET: '',
  })
  t.equal(run.code, 0, run.stderr)
  t.equal(run.stderr, '', 'no warning, no retry, no mention of Redis')
  t.notMatch(run.stdout, /redis/i)
})
