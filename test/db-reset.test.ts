import { fileURLToPath } from 'node:url'
import t from 'tap'
import { loadDemoData } from '@draftsmith/db/demo-data'
import { schemaTables, truncateTables } from '@draftsmith/db/reset'
import { getMigrationStatus, runApply } from '@draftsmith/migration-check'
import { baseEnv, createTestDatabase, runNode, type TestDatabase } from '@draftsmith/test-support'
import postgres from 'postgres'

const root = fileURLToPath(new URL('..', import.meta.url))

/** `pnpm db:reset`, as the root script runs it (tsx over the sources). */
function dbReset(args: string[], env: Record<string, string>) {
  return runNode('scripts/db-reset.ts', args, baseEnv(env), {
    cwd: root,
    nodeArgs: ['--import', 'tsx', '--conditions=@draftsmith/source'],
  })
}

async function filled(t: Parameters<typeof createTestDatabase>[0], label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(t, label)
  await runApply({ env: { DATABASE_URL: db.databaseUrl } })
  await loadDemoData(db.sql, { proposals: 30 })
  await db.sql`insert into worker_heartbeats (id, hostname, pid, backend) values ('w', 'h', 1, 'redis')`
  return db
}

async function rows(db: TestDatabase): Promise<number> {
  const [row] = await db.sql<{ n: number }[]>`
    select ((select count(*) from users) + (select count(*) from proposals) + (select count(*) from conversions)
      + (select count(*) from seed_runs) + (select count(*) from worker_heartbeats))::int as n`
  return row!.n
}

t.test('the schema’s tables, all of them', async (t) => {
  t.same(schemaTables(), [
    'conversion_assets',
    'conversions',
    'proposals',
    'seed_runs',
    'sessions',
    'users',
    'worker_heartbeats',
  ])
})

t.test('reset empties every table, keeps the database migrated', async (t) => {
  const db = await filled(t, 'reset_all')
  t.ok((await rows(db)) > 100)
  t.same(await truncateTables(db.sql), { truncated: schemaTables(), failed: [] })
  t.equal(await rows(db), 0)
  t.equal((await getMigrationStatus({ sql: db.sql })).migrated, true, 'the ledger and the queue schema are untouched')
})

t.test('a missing table and a locked one are reported; the others are still emptied', async (t) => {
  const db = await filled(t, 'reset_partial')
  await db.sql`drop table worker_heartbeats`
  // Another session reads seed_runs in an open transaction: TRUNCATE waits for it, up to the lock
  // timeout. (A table others reference would take them down with it: TRUNCATE … CASCADE.)
  const other = postgres(db.databaseUrl, { max: 1, onnotice: () => {} })
  t.teardown(() => other.end({ timeout: 1 }))
  const holder = await other.reserve()
  await holder`begin`
  await holder`lock table seed_runs in access share mode`
  const result = await truncateTables(db.sql, { lockTimeoutMs: 300 })
  await holder`rollback`
  holder.release()
  t.same(result.truncated, ['conversion_assets', 'conversions', 'proposals', 'sessions', 'users'])
  t.match(result.failed, [
    { table: 'seed_runs', reason: /lock timeout/ },
    { table: 'worker_heartbeats', reason: /relation "worker_heartbeats" does not exist/ },
  ])
  const [left] = await db.sql<
    { n: number }[]
  >`select ((select count(*) from users) + (select count(*) from proposals))::int as n`
  t.equal(left?.n, 0, 'one failure did not roll back the others')
})

t.test('pnpm db:reset: refuses production without --force, names what failed, exit codes', async (t) => {
  const db = await filled(t, 'reset_cli')
  const env = { DATABASE_URL: db.databaseUrl }
  const before = await rows(db)

  const refused = await dbReset([], { ...env, NODE_ENV: 'production' })
  t.equal(refused.code, 2)
  t.match(refused.stderr, /refused: NODE_ENV=production.*pass --force/)
  t.equal(await rows(db), before, 'nothing emptied')
  const typo = await dbReset(['--froce'], env)
  t.equal(typo.code, 2)
  t.match(typo.stderr, /Unknown option '--froce'.*\nusage: pnpm db:reset \[--force\]/s)
  const noUrl = await dbReset([], { DATABASE_URL: '' })
  t.equal(noUrl.code, 2)
  t.match(noUrl.stderr, /DATABASE_URL/)
  t.equal(await rows(db), before)

  const forced = await dbReset(['--force'], { ...env, NODE_ENV: 'production' })
  t.equal(forced.code, 0, forced.stderr)
  t.match(
    forced.stdout,
    /emptying every table of postgresql:\/\/root@127\.0\.0\.1:5432\/ds_reset_cli_[0-9a-f]+\n {2}emptied {2}conversion_assets\n/,
  )
  t.equal(await rows(db), 0)

  await db.sql`drop table seed_runs`
  const partial = await dbReset([], env)
  t.equal(partial.code, 1, 'some table could not be emptied')
  t.match(
    partial.stderr,
    /FAILED {3}seed_runs: relation "seed_runs" does not exist\n.*1 of 7 tables could not be emptied \(the others were\)/s,
  )
  t.match(partial.stdout, /emptied {2}worker_heartbeats/)
})
