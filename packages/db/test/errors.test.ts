import t from 'tap'
import { createDatabase } from '@draftsmith/db/client'
import { errorMessage, isConnectionError, scrubErrorText } from '@draftsmith/db/errors'
import { sql } from 'drizzle-orm'

const url = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres'

t.test('a failed query’s bound parameters never reach its scrubbed message or stack', async (t) => {
  const database = createDatabase(url, { max: 1 })
  t.teardown(() => database.close(1))
  const secret = '$argon2id$v=19$secret-hash\nwith a second line'
  const error = await database.db.execute(sql`select ${secret}::int as n`).then(
    () => undefined,
    (e: unknown) => e,
  )
  t.ok(error instanceof Error, 'the query failed')
  t.match((error as Error).message, /argon2id/, 'drizzle quotes the parameters (why the scrubbing exists)')
  t.notMatch(errorMessage(error), /argon2id|second line/)
  t.match(
    errorMessage(error),
    /Failed query: select \$1::int as n\nparams: \[redacted\]/,
    'the query text stays: it is what an operator needs',
  )
  t.notMatch(scrubErrorText((error as Error).stack ?? '', error), /argon2id|second line/)
  t.notOk(isConnectionError(error), 'a bad value is not an outage')
})

t.test('passwords in URLs are redacted; other errors pass unchanged', async (t) => {
  t.equal(
    errorMessage(new Error('connect to postgres://app:hunter2@db:5432/x failed')),
    'connect to postgres://app:****@db:5432/x failed',
  )
  t.equal(errorMessage('plain text'), 'plain text')
  t.equal(
    errorMessage(Object.assign(new Error('Failed query: select 1\nparams: '), { query: 'select 1', params: [] })),
    'Failed query: select 1\nparams: ',
  )
})
