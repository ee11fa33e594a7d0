import t from 'tap'
import { runApply, MigrationCheckError, LEDGER_SCHEMA, LEDGER_TABLE } from '@draftsmith/migration-check'
import { createTestDatabase, migrationsFixture, repoMigrationTags } from '@draftsmith/test-support'

const ledgerCount = async (sql: import('postgres').Sql) =>
  Number((await sql`select count(*)::int as n from ${sql(LEDGER_SCHEMA)}.${sql(LEDGER_TABLE)}`)[0]?.n)

const tableExists = async (sql: import('postgres').Sql, name: string) =>
  Boolean((await sql`select to_regclass(${name}) is not null as exists`)[0]?.exists)

t.test('fresh database: applies, applies the next file, then does nothing', async (t) => {
  const db = await createTestDatabase(t, 'apply_fresh')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }

  const first = await runApply({ env, migrationsDir: migrations.dir })
  t.same(
    first.applied.map((a) => a.tag),
    repoMigrationTags(),
  )
  t.match(first.schema, /^\d+ tables, \d+ columns/, 'the live schema was verified')

  migrations.add('0001_widgets', 'CREATE TABLE "widgets" ("id" serial PRIMARY KEY, "name" text NOT NULL);')
  const second = await runApply({ env, migrationsDir: migrations.dir })
  t.same(
    second.applied.map((a) => a.tag),
    ['0001_widgets'],
    'only the new file is applied',
  )

  const third = await runApply({ env, migrationsDir: migrations.dir })
  t.same(third.applied, [], 'the third run is a no-op')
  t.same(third.pending, [])
  t.equal(await ledgerCount(db.sql), repoMigrationTags().length + 1, 'each file recorded exactly once')
})

t.test('a failing migration is rolled back entirely, and the fixed file applies next time', async (t) => {
  const db = await createTestDatabase(t, 'apply_fail')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  await runApply({ env, migrationsDir: migrations.dir })

  migrations.add(
    '0001_gadgets',
    'CREATE TABLE "gadgets" ("id" serial PRIMARY KEY);\n--> statement-breakpoint\nINSERT INTO "gadgets" ("id", "missing") VALUES (1, 2);',
  )
  const error = await runApply({ env, migrationsDir: migrations.dir }).catch((e: unknown) => e)
  t.type(error, MigrationCheckError)
  t.equal((error as MigrationCheckError).exitCode, 5)
  t.match(
    (error as MigrationCheckError).message,
    /0001_gadgets\.sql:3 \(statement 2\) failed: 42703/,
    'names the file, line and statement',
  )
  t.match((error as MigrationCheckError).next, /rolled back, nothing of it is applied/)
  t.notOk(await tableExists(db.sql, 'gadgets'), 'the first statement of the file was rolled back too')
  t.equal(await ledgerCount(db.sql), repoMigrationTags().length, 'nothing recorded for the failed file')

  migrations.write(
    '0001_gadgets',
    'CREATE TABLE "gadgets" ("id" serial PRIMARY KEY, "missing" int);\n--> statement-breakpoint\nINSERT INTO "gadgets" ("id", "missing") VALUES (1, 2);',
  )
  const fixed = await runApply({ env, migrationsDir: migrations.dir })
  t.same(
    fixed.applied.map((a) => a.tag),
    ['0001_gadgets'],
  )
  t.ok(await tableExists(db.sql, 'gadgets'))
})

t.test('an applied file that was edited stops the deploy (exit 6) and names the file', async (t) => {
  const db = await createTestDatabase(t, 'apply_edited')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  await runApply({ env, migrationsDir: migrations.dir })

  migrations.write('0000_init', `${migrations.read('0000_init')}\n-- an innocent-looking edit\n`)
  const error = (await runApply({ env, migrationsDir: migrations.dir }).catch((e: unknown) => e)) as MigrationCheckError
  t.equal(error.exitCode, 6)
  t.match(error.details, [/0000_init\.sql was edited after it was applied/])
})

t.test('an unapplied file older than the newest applied one is an error, not a silent skip', async (t) => {
  const db = await createTestDatabase(t, 'apply_order')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  const lastWhen = migrations.journal().entries.at(-1)?.when ?? 0
  migrations.add('0002_later', 'CREATE TABLE "later" ("id" int);', lastWhen + 2000)
  await runApply({ env, migrationsDir: migrations.dir })

  // A branch merged late: its file sorts after 0002 in the journal but is dated before it.
  const journal = migrations.journal()
  journal.entries.splice(journal.entries.length - 1, 0, {
    idx: journal.entries.length,
    version: '7',
    when: lastWhen + 1000,
    tag: '0001_merged_late',
    breakpoints: true,
  })
  migrations.saveJournal(journal)
  migrations.write('0001_merged_late', 'CREATE TABLE "merged_late" ("id" int);')

  const error = (await runApply({ env, migrationsDir: migrations.dir }).catch((e: unknown) => e)) as MigrationCheckError
  t.equal(error.exitCode, 6)
  t.match(error.details, [
    /0001_merged_late\.sql is not applied but is older than the newest applied migration \(0002_later\.sql\)/,
  ])
})

t.test('a file missing from disk, or missing from the journal, is named', async (t) => {
  const db = await createTestDatabase(t, 'apply_missing')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  migrations.add('0001_extra', 'CREATE TABLE "extra" ("id" int);')
  await runApply({ env, migrationsDir: migrations.dir })

  const journal = migrations.journal()
  journal.entries.pop()
  migrations.saveJournal(journal)
  const unlisted = (await runApply({ env, migrationsDir: migrations.dir }).catch(
    (e: unknown) => e,
  )) as MigrationCheckError
  t.equal(unlisted.exitCode, 6)
  t.match(unlisted.details, [/0001_extra\.sql is not listed in meta\/_journal\.json/])

  const { rmSync } = await import('node:fs')
  rmSync(`${migrations.dir}/0001_extra.sql`)
  const deleted = (await runApply({ env, migrationsDir: migrations.dir }).catch(
    (e: unknown) => e,
  )) as MigrationCheckError
  t.equal(deleted.exitCode, 6)
  t.match(deleted.details, [/records a migration dated .* that has no file any more/])
})

t.test('lint errors in a pending file stop the deploy before anything is applied (exit 7)', async (t) => {
  const db = await createTestDatabase(t, 'apply_lint')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  await runApply({ env, migrationsDir: migrations.dir })
  migrations.add('0001_safe', 'ALTER TABLE "users" ADD COLUMN "nickname" text;')
  migrations.add('0002_unsafe', 'ALTER TABLE "users" DROP COLUMN "email";')

  const error = (await runApply({ env, migrationsDir: migrations.dir }).catch((e: unknown) => e)) as MigrationCheckError
  t.equal(error.exitCode, 7)
  t.match(error.details, [/0002_unsafe\.sql:1 {2}error {2}drop-column/])
  const [column] =
    await db.sql`select 1 from information_schema.columns where table_name = 'users' and column_name = 'nickname'`
  t.notOk(column, 'not even the safe file before it was applied')
})

t.test('CREATE INDEX CONCURRENTLY runs outside a transaction and recovers from an invalid leftover', async (t) => {
  const db = await createTestDatabase(t, 'apply_concurrently')
  const migrations = migrationsFixture(t)
  const env = { DATABASE_URL: db.databaseUrl }
  migrations.add('0001_tags', 'CREATE TABLE "tags" ("id" serial PRIMARY KEY, "name" text);')
  await runApply({ env, migrationsDir: migrations.dir })
  await db.sql`insert into tags (name) values ('dup'), ('dup')`

  migrations.add(
    '0002_tags_name_idx',
    '-- migration-check:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "tags_name_key" ON "tags" ("name");',
  )
  const error = (await runApply({ env, migrationsDir: migrations.dir }).catch((e: unknown) => e)) as MigrationCheckError
  t.equal(error.exitCode, 5, 'duplicate data fails the unique index')
  const [leftover] =
    await db.sql`select indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'tags_name_key'`
  t.equal(leftover?.indisvalid, false, 'PostgreSQL left an INVALID index behind')

  await db.sql`delete from tags where id = (select max(id) from tags)`
  const fixed = await runApply({ env, migrationsDir: migrations.dir })
  t.same(
    fixed.applied.map((a) => a.tag),
    ['0002_tags_name_idx'],
  )
  const [rebuilt] =
    await db.sql`select indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'tags_name_key'`
  t.equal(rebuilt?.indisvalid, true, 'the invalid index was dropped and built again, not skipped by IF NOT EXISTS')
})

t.test('ledger rows are the ones drizzle-kit writes', async (t) => {
  const db = await createTestDatabase(t, 'apply_ledger')
  const migrations = migrationsFixture(t)
  await runApply({ env: { DATABASE_URL: db.databaseUrl }, migrationsDir: migrations.dir })
  const { readMigrationFiles } = await import('drizzle-orm/migrator')
  const expected = readMigrationFiles({ migrationsFolder: migrations.dir })
  const rows = await db.sql<
    { hash: string; created_at: string }[]
  >`select hash, created_at from drizzle.__drizzle_migrations order by id`
  t.same(
    rows.map((r) => ({ hash: r.hash, folderMillis: Number(r.created_at) })),
    expected.map((m) => ({ hash: m.hash, folderMillis: m.folderMillis })),
    'same hash and created_at as drizzle-orm’s migrator computes',
  )
})
