import t from 'tap'
import { DatabaseUrlError, parseDatabaseUrl, redactSecrets, redactUrl } from '@draftsmith/db/url'

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
  t.equal(parseDatabaseUrl('  postgresql://h/db \n').database, 'db', 'surrounding whitespace from a pasted secret is ignored')
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
  t.match(problems('postgresql://u:secret@h/db?sslmode=sometimes&pool=5'), [/sslmode=sometimes/, /query parameter "pool" is not supported/])
  t.notMatch(problems('notaurl://u:secret@'), [/secret/], 'the password never appears in a problem')
})

t.test('redaction', async (t) => {
  t.equal(redactUrl('postgresql://u:secret@h:5432/db'), 'postgresql://u:****@h:5432/db')
  t.equal(redactUrl('postgres://u@h/db'), 'postgres://u@h/db', 'nothing to redact')
  t.equal(redactUrl('redis://default:secret@cache:6379'), 'redis://default:****@cache:6379')
  t.equal(redactUrl('postgresql://h/db?password=secret&x=1'), 'postgresql://h/db?password=****&x=1')
  t.equal(redactUrl('postgresql://u:se cret@h/db'), 'postgresql://u:****@h/db', 'works on strings that are not valid URLs')
  t.equal(
    redactSecrets('failed: connect to postgresql://u:secret@h/db and rediss://:tok@r:6380 (password=abc)'),
    'failed: connect to postgresql://u:****@h/db and rediss://:****@r:6380 (password=****)',
  )
})

t.test('redaction takes time linear in the text: a long run of letters is not retried from each letter', { timeout: 30_000 }, async (t) => {
  // Quadratic before: a 15 KB path cost 110 ms, so these took minutes (and this test its timeout).
  for (const text of ['a'.repeat(2_000_000), `${'x'.repeat(1_000_000)}://${'u'.repeat(1_000_000)}`, ':'.repeat(500_000) + '/'.repeat(500_000)]) {
    t.equal(redactSecrets(text), text)
  }
  t.equal(redactSecrets(`${'a'.repeat(100_000)}postgresql://u:secret@h/db`), `${'a'.repeat(100_000)}postgresql://u:****@h/db`)
})
