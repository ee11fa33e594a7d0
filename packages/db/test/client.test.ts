import t from 'tap'
import { createDatabase } from '@draftsmith/db/client'
import { createSqlClient } from '@draftsmith/db/sql-client'
import { users } from '@draftsmith/db/schema'
import { isConnectionError } from '@draftsmith/db/errors'
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

t.test('the client without drizzle-orm (the predeploy’s) handles types the same way', async (t) => {
  const client = createSqlClient(url, { max: 1 })
  t.teardown(() => client.close(1))
  const [row] = await client.sql<{ at: unknown; doc: unknown }[]>`
    select '2026-01-02T03:04:05Z'::timestamptz as at, ${JSON.stringify({ a: [1, 2] })}::jsonb as doc`
  t.type(row?.at, 'string', 'timestamps come back as strings')
  t.same(row?.doc, { a: [1, 2] }, 'json parameters are passed as JSON text; results are parsed')
  const [echo] = await client.sql<
    { at: string }[]
  >`select ${new Date('2026-01-02T03:04:05Z')}::timestamptz at time zone 'UTC' as at`
  t.equal(echo?.at, '2026-01-02 03:04:05', 'a Date parameter is sent as what it means')
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

t.test('a transaction whose server process dies rejects; nothing escapes to the process (issue 22)', async (t) => {
  // postgres.js 3.4.9 answers the failed transaction with its own ROLLBACK on the dead connection:
  // the write went to a null socket from a setImmediate, an uncaught TypeError that killed the web
  // during a PostgreSQL restart (upstream #1208). patches/postgres@3.4.9.patch rejects it instead.
  const uncaught: unknown[] = []
  const record = (error: unknown) => uncaught.push(error)
  process.on('uncaughtException', record)
  t.teardown(() => process.off('uncaughtException', record))
  const database = createDatabase(url, { max: 1 })
  const admin = createDatabase(url, { max: 1 })
  t.teardown(() => Promise.all([database.close(0), admin.close(1)]))
  for (const round of [1, 2]) {
    let pid: number | undefined
    // Settled at once: the transaction may reject before pg_terminate_backend itself answers, and a
    // rejection nobody is waiting for yet would surface as an uncaught exception of the test's own.
    const settled = database.db
      .transaction(async (tx) => {
        const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)
        pid = row?.pid
        await tx.execute(sql`select pg_sleep(10)`)
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    while (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 20))
    await admin.sql`select pg_terminate_backend(${pid})`
    const error = await settled
    t.ok(isConnectionError(error), `round ${round}: the transaction rejects with a connection error`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    t.same(uncaught, [], `round ${round}: no uncaught exception`)
    // The pool's only connection was not lost: the next queries reconnect and answer.
    let answered = false
    for (let i = 0; i < 3 && !answered; i++)
      answered = await database.sql`select 1 as x`.then(
        (rows) => rows[0]?.x === 1,
        (e: unknown) => (isConnectionError(e) ? false : Promise.reject(e)),
      )
    t.ok(answered, `round ${round}: the pool answers again`)
  }
})
