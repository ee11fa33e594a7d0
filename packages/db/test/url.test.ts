import t from 'tap'
import { DatabaseUrlError, parseDatabaseUrl } from '@draftsmith/db/url'

t.test('normalises scheme, port and sslmode', async (t) => {
  const url = parseDatabaseUrl('postgres://app:pa%40ss@db.internal/draftsmith?sslmode=require&application_name=web')
  t.match(url, {
    url: 'postgresql://app:pa%40ss@db.internal:5432/draftsmith',
    redacted: 'postgresql://app:****@db.internal:5432/draftsmith',
    ssl: 'require',
    host: 'db.internal',
    port: 5432,
    database: 'draftsmith',
    user: 'app',
    connection: { application_name: 'web' },
  })
  t.equal(parseDatabaseUrl('postgresql://h:6543/db').port, 6543)
  t.equal(parseDatabaseUrl('postgresql://h/db?sslmode=disable').ssl, false)
  t.equal(parseDatabaseUrl('postgresql://h/db?sslmode=verify-ca').ssl, 'verify-full')
  t.equal(parseDatabaseUrl('postgresql://h/db?sslmode=no-verify').ssl, 'require')
  t.equal(parseDatabaseUrl('postgresql://h/db').ssl, false)
  t.equal(
    parseDatabaseUrl('  postgresql://h/db \n').database,
    'db',
    'surrounding whitespace from a pasted secret is ignored',
  )
})

t.test('rejects what postgres.js would silently misuse, listing every problem', async (t) => {
  const problems = (raw: string | undefined) => {
    try {
      parseDatabaseUrl(raw)
      return []
    } catch (error) {
      t.type(error, DatabaseUrlError)
      return (error as DatabaseUrlError).problems
    }
  }
  t.match(problems(undefined), [/it is empty/])
  t.match(problems(''), [/it is empty/], 'empty never falls back to PGHOST/localhost')
  t.match(problems('not a url'), [/is not a URL/])
  t.match(problems('mysql://u@h/db'), [/scheme "mysql" is not postgres or postgresql/])
  t.match(problems('postgresql://h'), [/names no database/])
  t.match(problems('postgresql://u:secret@h/db?sslmode=sometimes&pool=5'), [
    /sslmode=sometimes/,
    /query parameter "pool" is not supported/,
  ])
  t.notMatch(problems('notaurl://u:secret@'), [/secret/], 'the password never appears in a problem')
})
