// The no-op predeploy reuses the last passing schema verification only while the code and every
// catalog row the comparison reads are unchanged (ADR 066): each kind of change sends it through
// the full comparison again, and a drift found there still fails the deploy.
import t from 'tap'
import { LEDGER_SCHEMA, MigrationCheckError, runApply } from '@draftsmith/migration-check'
import { createTestDatabase, migrationsFixture } from '@draftsmith/test-support'

t.test('a no-op reuses the verification; any catalog or code change is verified in full', async (t) => {
  const db = await createTestDatabase(t, 'verified_schema')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  const run = () => runApply({ env, migrationsDir: migrations.dir })

  const first = await run()
  t.ok(first.applied.length > 0)
  t.equal(first.schemaVerifiedAt, undefined, 'migrations applied: compared in full')
  const second = await run()
  t.match(second.schemaVerifiedAt, /^\d{4}-/, 'nothing changed: the recorded verification stands')
  t.equal(second.schema, first.schema, 'with the same summary')

  // An object the code does not know is `extra`, not drift: compared in full, and it passes.
  await db.sql`alter table proposals add column added_by_hand text`
  const extra = await run()
  t.equal(extra.schemaVerifiedAt, undefined, 'a column added by hand: compared in full')
  t.match((await run()).schemaVerifiedAt, /^\d{4}-/, 'then recorded again')

  // Each kind of catalog row the comparison reads changes the digest.
  const changes = [
    ['a type', db.sql`alter table proposals alter column added_by_hand type varchar(20)`],
    ['nullability', db.sql`alter table proposals alter column added_by_hand set not null`],
    ['a default', db.sql`alter table proposals alter column added_by_hand set default 'x'`],
    ['an index', db.sql`create index hand_made_idx on proposals (added_by_hand)`],
    [
      'a constraint',
      db.sql`alter table proposals add constraint hand_made_check check (added_by_hand <> '') not valid`,
    ],
  ] as const
  for (const [what, change] of changes) {
    await change
    t.equal((await run()).schemaVerifiedAt, undefined, `${what} changed by hand: compared in full`)
    t.ok((await run()).schemaVerifiedAt, `${what}: recorded again`)
  }

  // A code change (here: the recorded fingerprint no longer matches the code's).
  await db.sql`update ${db.sql(LEDGER_SCHEMA)}.migration_check_verified set code = 'another release'`
  t.equal((await run()).schemaVerifiedAt, undefined, 'other code: compared in full')
  t.ok((await run()).schemaVerifiedAt, 'then recorded for this code')

  // Drift after a recorded verification still fails the deploy.
  await db.sql`alter table proposals drop column visitor_session_id`
  const failed = await run().then(
    () => undefined,
    (error: unknown) => error,
  )
  t.ok(failed instanceof MigrationCheckError, 'a required column dropped by hand fails the no-op')
  t.equal((failed as MigrationCheckError).exitCode, 6)
  t.match((failed as MigrationCheckError).details.join('\n'), /visitor_session_id/)
  const again = await run().then(
    () => undefined,
    (error: unknown) => error,
  )
  t.ok(again instanceof MigrationCheckError, 'and keeps failing: a failed verification records nothing')
})

t.test('a no-op with a pending file is verified in full', async (t) => {
  const db = await createTestDatabase(t, 'verified_pending')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  await runApply({ env, migrationsDir: migrations.dir })
  t.ok((await runApply({ env, migrationsDir: migrations.dir })).schemaVerifiedAt)
  migrations.add('0001_widgets', 'CREATE TABLE "widgets" ("id" serial PRIMARY KEY, "name" text NOT NULL);')
  const applied = await runApply({ env, migrationsDir: migrations.dir })
  t.same(
    applied.applied.map((a) => a.tag),
    ['0001_widgets'],
  )
  t.equal(applied.schemaVerifiedAt, undefined, 'a run that applied something compares in full')
})
