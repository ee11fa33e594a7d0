import t from 'tap'
import { createDatabase } from '@draftsmith/db/client'
import { users } from '@draftsmith/db/schema'
import { sql } from 'drizzle-orm'

const url = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres'

t.test('the raw client follows drizzle’s conventions (documented on Database.sql)', async (t) => {
  const database = createDatabase(url, { max: 1 })
  t.teardown(() => database.close(1))
  const [row] = await database.sql<{ at: unknown; doc: unknown }[]>`
    select '2026-01-02T03:04:05Z'::timestamptz as at, ${JSON.stringify({ a: [1, 2] })}::jsonb as doc`
  t.type(row?.at, 'string', 'timestamps come back as strings: parse them')
  t.same(row?.doc, { a: [1, 2] }, 'json parameters are passed as JSON text; results are parsed')
  const [echo] = await database.sql<
    { at: string }[]
  >`select ${new Date('2026-01-02T03:04:05Z')}::timestamptz at time zone 'UTC' as at`
  t.equal(echo?.at, '2026-01-02 03:04:05', 'a Date parameter is sent as what it means')
  const [viaDrizzle] = await database.db.execute<{ now: string }>(
    sql`select ${new Date('2026-01-02T03:04:05Z')}::timestamptz at time zone 'UTC' as now` as never,
  )
  t.equal(viaDrizzle?.now, '2026-01-02 03:04:05', 'and through drizzle')
})

t.test('importing the schema opens no connection; creating the client connects lazily', async (t) => {
  t.equal(typeof users, 'object')
  const database = createDatabase('postgresql://nobody@127.0.0.1:1/none', { max: 1 })
  t.equal(database.url.redacted, 'postgresql://nobody@127.0.0.1:1/none')
  await database.close(0)
})

t.test('after failed connection attempts, the next one waits at most a second (issue 22)', async (t) => {
  // postgres.js's own backoff is shared by the pool and grows to 20 s: after a short outage every
  // query waited that long before even trying to connect.
  const database = createDatabase('postgresql://nobody@127.0.0.1:1/none', { max: 2 })
  t.teardown(() => database.close(0))
  const backoff = database.sql.options.backoff as unknown as (retries: number) => number
  for (const retries of [0, 1, 5, 10, 50]) t.ok(backoff(retries) <= 1, `after ${retries} failures: ≤ 1 s`)
  t.ok(backoff(0) < 0.1, 'the first retry is almost at once')
  const eager = createDatabase(url, { maxReconnectDelaySeconds: 0 })
  t.equal((eager.sql.options.backoff as unknown as (retries: number) => number)(9), 0, 'and tunable')
  await eager.close(0)
  // Failed queries in a row, then one more: it fails with the connection's own error.
  for (let i = 0; i < 8; i++) await database.sql`select 1`.catch(() => {})
  await t.rejects(database.sql`select 1`, { code: 'ECONNREFUSED' })
})
