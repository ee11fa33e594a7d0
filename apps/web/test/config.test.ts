import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

const DB = 'postgresql://u:p@db:5432/app'
const SECRET = 's'.repeat(32)

const problems = (env: Record<string, string | undefined>) => {
  try {
    loadConfig(env)
    return []
  } catch (error) {
    t.type(error, ConfigError)
    return (error as ConfigError).problems
  }
}

t.test('production requires DATABASE_URL and SESSION_SECRET, and lists every problem at once', async (t) => {
  const found = problems({ NODE_ENV: 'production', PORT: 'eighty', MAX_UPLOAD_BYTES: '-1', LOG_LEVEL: 'loud' })
  t.match(found, [
    /PORT="eighty" must be integer/,
    /MAX_UPLOAD_BYTES="-1" must be >= 1/,
    /LOG_LEVEL="loud" must be equal to one of the allowed values: fatal, error/,
    /DATABASE_URL is not set/,
    /SESSION_SECRET is not set: production never signs cookies with a random secret/,
  ])
  t.equal(found.length, 5)
})

t.test('secrets: at least 32 characters each; a comma-separated list rotates', async (t) => {
  t.match(problems({ NODE_ENV: 'production', DATABASE_URL: DB, SESSION_SECRET: 'short' }), [
    /secret #1 of 1 has 5 characters, at least 32/,
  ])
  t.match(problems({ NODE_ENV: 'production', DATABASE_URL: DB, SESSION_SECRET: `${SECRET},tiny` }), [
    /secret #2 of 2 has 4 characters/,
  ])
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: DB,
    SESSION_SECRET: `${'a'.repeat(40)}, ${SECRET}`,
  })
  t.same(config.sessionSecrets, ['a'.repeat(40), SECRET], 'first signs, all verify')
  t.match(config, {
    production: true,
    host: '0.0.0.0',
    sessions: { cookieName: '__Host-draftsmith', secureCookie: true },
    trustProxy: 1,
  })
})

t.test('development persists a generated secret under DATA_DIR so restarts keep sessions', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-config-'))
  const first = loadConfig({ DATABASE_URL: DB, DATA_DIR: dir })
  const second = loadConfig({ DATABASE_URL: DB, DATA_DIR: dir })
  t.equal(first.sessionSecrets[0], second.sessionSecrets[0])
  t.ok((first.sessionSecrets[0]?.length ?? 0) >= 32)
  t.equal(readFileSync(join(dir, 'session-secret'), 'utf8').trim(), first.sessionSecrets[0])
  t.equal(statSync(join(dir, 'session-secret')).mode & 0o777, 0o600, 'readable by its owner only')
  t.match(first, {
    production: false,
    host: '127.0.0.1',
    port: 3000,
    sessions: { cookieName: 'draftsmith', secureCookie: false },
  })
})

t.test('URLs and origins are checked; empty values count as unset', async (t) => {
  t.match(
    problems({
      DATABASE_URL: 'mysql://x@h/db',
      SESSION_SECRET: SECRET,
      REDIS_URL: 'http://cache',
      PUBLIC_ORIGIN: 'not a url',
      OPS_TOKEN: 'short',
    }),
    [
      /DATABASE_URL: scheme "mysql"/,
      /REDIS_URL "http:\/\/cache\/?" is not a redis:\/\/ or rediss:\/\/ URL/,
      /OPS_TOKEN must have at least 32 characters/,
      /PUBLIC_ORIGIN "not a url" is not a URL/,
    ],
  )
  t.match(
    problems({ DATABASE_URL: DB, SESSION_SECRET: SECRET, REDIS_URL: 'redis://:hunter2@cache:6379/0?x=' }),
    [],
    'a valid redis URL',
  )
  const redacted = problems({ DATABASE_URL: DB, SESSION_SECRET: SECRET, REDIS_URL: 'https://user:hunter2@cache' })
  t.notMatch(redacted.join(), /hunter2/, 'a password never appears in a config error')
  const config = loadConfig({
    DATABASE_URL: DB,
    SESSION_SECRET: SECRET,
    REDIS_URL: '',
    PUBLIC_ORIGIN: 'https://draftsmith.example/app',
    RENDER_EXTERNAL_URL: 'https://draftsmith.onrender.com',
  })
  t.equal(config.redisUrl, undefined, 'REDIS_URL="" means Postgres-only mode')
  t.same(config.publicOrigins, ['https://draftsmith.example', 'https://draftsmith.onrender.com'])
})

t.test('the upload memory budget must fit the largest upload', async (t) => {
  t.match(
    problems({ DATABASE_URL: DB, SESSION_SECRET: SECRET, MAX_UPLOAD_BYTES: '1000', UPLOAD_MEMORY_BYTES: '999' }),
    [/UPLOAD_MEMORY_BYTES must be at least MAX_UPLOAD_BYTES/],
  )
  t.match(loadConfig({ DATABASE_URL: DB, SESSION_SECRET: SECRET }).uploads, {
    maxBytes: 10 * 1024 * 1024,
    maxFiles: 10,
    memoryBytes: 128 * 1024 * 1024,
  })
})
