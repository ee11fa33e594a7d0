import t from 'tap'
import { createTestDatabase, migrationsFixture, repoMigrationTags } from '@draftsmith/test-support'
import { runCli } from './helpers/cli.js'

t.test('8 predeploys at once on an empty database: all exit 0, every file applied once', async (t) => {
  const db = await createTestDatabase(t, 'concurrent')
  const migrations = migrationsFixture(t)
  migrations.add('widgets_1', 'CREATE TABLE "widgets" ("id" serial PRIMARY KEY, "name" text);')
  migrations.add('widgets_2_color', 'ALTER TABLE "widgets" ADD COLUMN "color" text;')
  migrations.add(
    'widgets_3_idx',
    '-- migration-check:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "widgets_name_idx" ON "widgets" ("name");',
  )

  const runs = await Promise.all(
    Array.from({ length: 8 }, () =>
      runCli(['--migrations', migrations.dir, '--json'], { DATABASE_URL: db.databaseUrl }, { timeoutMs: 120_000 }),
    ),
  )
  t.same(
    runs.map((r) => r.code),
    Array(8).fill(0),
    runs.map((r) => r.stderr).join('\n'),
  )
  const applied = runs.map((r) =>
    (JSON.parse(r.stdout) as { applied: Array<{ tag: string }> }).applied.map((a) => a.tag),
  )
  t.equal(applied.filter((tags) => tags.length > 0).length, 1, 'exactly one run applied anything')
  t.same(applied.flat().sort(), [...repoMigrationTags(), 'widgets_1', 'widgets_2_color', 'widgets_3_idx'].sort())

  const rows = await db.sql<{ created_at: string; n: number }[]>`
    select created_at, count(*)::int as n from drizzle.__drizzle_migrations group by created_at
  `
  t.equal(rows.length, repoMigrationTags().length + 3, 'one ledger entry per file')
  t.ok(
    rows.every((r) => r.n === 1),
    'none recorded twice',
  )
})
