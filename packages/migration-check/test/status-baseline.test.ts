import t from 'tap'
import { getMigrationStatus, runApply, runBaseline, runStatus, MigrationCheckError } from '@draftsmith/migration-check'
import { createTestDatabase, migrationsFixture, repoMigrationTags } from '@draftsmith/test-support'

t.test('status on an empty database: everything pending, nothing written', async (t) => {
  const db = await createTestDatabase(t, 'status_empty')
  const migrations = migrationsFixture(t)
  const status = await getMigrationStatus({ sql: db.sql, migrations: migrations.dir })
  t.match(status, { migrated: false, current: null, pending: repoMigrationTags(), applied: [] })
  t.match(status.checks, [
    { name: 'ledger', ok: true },
    { name: 'pending', ok: false },
    { name: 'schema', ok: false },
    { name: 'required_columns', ok: false },
  ])
  t.same(
    status.columns,
    { 'proposals.visitor_session_id': false, 'conversions.proposal_id': false },
    'each required column by name, absent on an empty database',
  )
  const [schema] = await db.sql`select 1 from pg_namespace where nspname = 'drizzle'`
  t.notOk(schema, 'status is read-only: it did not create the ledger')

  const error = (await runStatus({ env: { DATABASE_URL: db.databaseUrl }, migrationsDir: migrations.dir }).catch(
    (e: unknown) => e,
  )) as MigrationCheckError
  t.equal(error.exitCode, 6)
  t.match(error.next, /run `migration-check apply`/)
})

t.test('status after apply: migrated, with the shape the ops endpoint returns', async (t) => {
  const db = await createTestDatabase(t, 'status_ok')
  const migrations = migrationsFixture(t)
  await runApply({ env: { DATABASE_URL: db.databaseUrl }, migrationsDir: migrations.dir })
  const status = await getMigrationStatus({ sql: db.sql, migrations: migrations.dir })
  t.match(status, {
    migrated: true,
    current: repoMigrationTags().at(-1),
    pending: [],
    applied: repoMigrationTags(),
    drift: [],
    problems: [],
  })
  t.ok(status.checks.every((c) => c.ok))
  t.same(status.columns, { 'proposals.visitor_session_id': true, 'conversions.proposal_id': true })

  await db.sql`create table leftovers (id int)`
  await db.sql`alter table users add column legacy_name text`
  const withExtra = await getMigrationStatus({ sql: db.sql, migrations: migrations.dir })
  t.equal(withExtra.migrated, true, 'objects the code does not know are not drift (expand/contract)')
  t.match(withExtra.extra, [
    { kind: 'column', object: 'users.legacy_name' },
    { kind: 'table', object: 'leftovers' },
  ])
})

t.test('drift: each kind is named', async (t) => {
  const db = await createTestDatabase(t, 'status_drift')
  const migrations = migrationsFixture(t)
  await runApply({ env: { DATABASE_URL: db.databaseUrl }, migrationsDir: migrations.dir })
  await db.sql.unsafe(`
    alter table proposals drop column visitor_session_id;
    alter table users alter column email drop not null;
    alter table conversions alter column progress type integer;
    alter table conversions alter column id drop default;
    drop index sessions_expires_at_idx;
    alter table sessions drop constraint sessions_user_id_users_id_fk;
  `)
  const status = await getMigrationStatus({ sql: db.sql, migrations: migrations.dir })
  t.equal(status.migrated, false)
  const kinds = status.drift.map((d) => `${d.kind} ${d.object}`).sort()
  t.same(kinds, [
    'missing_column proposals.visitor_session_id',
    'missing_constraint sessions.sessions_user_id_users_id_fk',
    'missing_default conversions.id',
    'missing_index proposals_visitor_page_idx',
    'missing_index proposals_visitor_session_id_idx',
    'missing_index sessions_expires_at_idx',
    'missing_required_column proposals.visitor_session_id',
    'nullability_mismatch users.email',
    'type_mismatch conversions.progress',
  ])
  t.match(
    status.drift.find((d) => d.kind === 'type_mismatch'),
    { expected: 'smallint', actual: 'integer' },
  )
})

t.test('a required column missing after apply fails the predeploy (exit 6)', async (t) => {
  const db = await createTestDatabase(t, 'status_required')
  const migrations = migrationsFixture(t)
  migrations.add(
    '0001_drop_fk_column',
    '-- migration-check:allow drop-column reason: test of the required-columns check\nALTER TABLE "conversions" DROP COLUMN "proposal_id";',
  )
  const error = (await runApply({ env: { DATABASE_URL: db.databaseUrl }, migrationsDir: migrations.dir }).catch(
    (e: unknown) => e,
  )) as MigrationCheckError
  t.equal(error.exitCode, 6)
  t.match(error.details, [/required column conversions\.proposal_id does not exist/])
  t.match(error.next, /a required column is missing/)
})

t.test('baseline: refused on drift, repairs a broken ledger when the schema matches', async (t) => {
  const db = await createTestDatabase(t, 'baseline')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  await runApply({ env, migrationsDir: migrations.dir })

  // Broken chain: the ledger is lost and an applied file was reformatted.
  await db.sql`drop schema drizzle cascade`
  migrations.write('0000_init', `-- reformatted\n${migrations.read('0000_init')}`)
  const applyAgain = (await runApply({ env, migrationsDir: migrations.dir }).catch(
    (e: unknown) => e,
  )) as MigrationCheckError
  t.equal(applyAgain.exitCode, 5, 'without a ledger, apply would re-run 0000 and fail on existing objects')

  const baseline = await runBaseline({ env, migrationsDir: migrations.dir })
  t.same(
    baseline.recorded,
    repoMigrationTags().map((tag) => `${tag}.sql`),
  )
  const status = await getMigrationStatus({ sql: db.sql, migrations: migrations.dir })
  t.equal(status.migrated, true)
  t.same((await runApply({ env, migrationsDir: migrations.dir })).applied, [], 'the next predeploy is a no-op')

  migrations.write('0000_init', `-- reformatted again\n${migrations.read('0000_init')}`)
  const rehash = await runBaseline({ env, migrationsDir: migrations.dir })
  t.same(rehash.rehashed, ['0000_init.sql'], 'an edited applied file is re-recorded')
  const again = await runBaseline({ env, migrationsDir: migrations.dir })
  t.same([again.recorded, again.rehashed, again.removed], [[], [], 0], 'baseline is idempotent')

  await db.sql`alter table users drop column role`
  const refused = (await runBaseline({ env, migrationsDir: migrations.dir }).catch(
    (e: unknown) => e,
  )) as MigrationCheckError
  t.equal(refused.exitCode, 6)
  t.match(refused.summary, /baseline refused/)
  t.match(refused.details, [/column users\.role does not exist/])
})
