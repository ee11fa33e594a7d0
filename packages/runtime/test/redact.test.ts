import t from 'tap'
import { errorMessage, redactSecrets, redactUrl } from '@draftsmith/runtime/redact'

t.test('redaction', async (t) => {
  t.equal(redactUrl('postgresql://u:secret@h:5432/db'), 'postgresql://u:****@h:5432/db')
  t.equal(redactUrl('postgres://u@h/db'), 'postgres://u@h/db', 'nothing to redact')
  t.equal(redactUrl('redis://default:secret@cache:6379'), 'redis://default:****@cache:6379')
  t.equal(redactUrl('postgresql://h/db?password=secret&x=1'), 'postgresql://h/db?password=****&x=1')
  t.equal(
    redactUrl('postgresql://u:se cret@h/db'),
    'postgresql://u:****@h/db',
    'works on strings that are not valid URLs',
  )
  t.equal(
    redactSecrets('failed: connect to postgresql://u:secret@h/db and rediss://:tok@r:6380 (password=abc)'),
    'failed: connect to postgresql://u:****@h/db and rediss://:****@r:6380 (password=****)',
  )
})

t.test(
  'redaction takes time linear in the text: a long run of letters is not retried from each letter',
  { timeout: 30_000 },
  async (t) => {
    // Quadratic before: a 15 KB path cost 110 ms, so these took minutes (and this test its timeout).
    for (const text of [
      'a'.repeat(2_000_000),
      `${'x'.repeat(1_000_000)}://${'u'.repeat(1_000_000)}`,
      ':'.repeat(500_000) + '/'.repeat(500_000),
    ]) {
      t.equal(redactSecrets(text), text)
    }
    t.equal(
      redactSecrets(`${'a'.repeat(100_000)}postgresql://u:secret@h/db`),
      `${'a'.repeat(100_000)}postgresql://u:****@h/db`,
    )
  },
)

t.test('an error message loses the bound parameters drizzle quotes, and URL passwords', async (t) => {
  const failed = Object.assign(
    new Error('Failed query: insert into users values ($1)\nparams: alice@example.com,hash'),
    {
      query: 'insert into users values ($1)',
      params: ['alice@example.com', 'hash'],
    },
  )
  const wrapped = new Error(`${failed.message} via postgresql://u:pw@h/db`, { cause: failed })
  t.equal(
    errorMessage(wrapped),
    'Failed query: insert into users values ($1)\nparams: [redacted] via postgresql://u:****@h/db',
  )
  t.equal(errorMessage('plain text'), 'plain text')
})
