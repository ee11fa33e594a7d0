import t from 'tap'
import { Writable } from 'node:stream'
import { createDatabase } from '@draftsmith/db/client'
import { loggerOptions } from '@draftsmith/runtime'
import { sql } from 'drizzle-orm'
import { pino } from 'pino'

const url = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres'

function capture() {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  return { log: pino(loggerOptions({ level: 'info', production: true }), stream), lines }
}

t.test('an error log line carries no query parameters, cookies, authorization or URL passwords', async (t) => {
  const database = createDatabase(url, { max: 1 })
  t.teardown(() => database.close(1))
  const failed = await database.db.execute(sql`select ${'the uploaded document text'}::text, 1 / 0`).then(
    () => undefined,
    (e: unknown) => e,
  )
  const { log, lines } = capture()
  log.error({ err: failed }, 'query failed')
  log.error({ err: new Error('cannot reach redis://:hunter2@cache:6379') }, 'redis down')
  log.info({ headers: { cookie: 'sid=abc', authorization: 'Bearer xyz' }, user: { password: 'pw1' } }, 'request')
  const out = lines.join('')
  t.equal(lines.length, 3)
  t.notMatch(out, /uploaded document text|hunter2|sid=abc|Bearer xyz|pw1/)
  const first = JSON.parse(lines[0]!) as { err: Record<string, unknown> }
  t.notOk('params' in first.err, 'the params property is dropped')
  t.match(first.err.message, /Failed query: select \$1::text, 1 \/ 0/, 'the query itself is kept for the operator')
  t.match(first.err.stack, /params: \[redacted\]/)
})
