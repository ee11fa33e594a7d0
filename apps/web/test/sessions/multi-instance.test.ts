import t from 'tap'
import { sharedRedisUrl } from '@draftsmith/test-support'
import { Browser, buildTestApp, migratedDatabase, modes } from '../helpers/app.js'

const redis = await sharedRedisUrl()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await sleep(20)
  }
  return false
}

for (const mode of modes(redis)) {
  t.test(`two web instances on one database — ${mode.name}`, { skip: mode.skip }, async (t) => {
    const db = await migratedDatabase(t, `multi_${mode.redisUrl ? 'redis' : 'pg'}`)
    // A long local cache: only the change feed can make the other instance notice in time.
    const env = { SESSION_LOCAL_CACHE_MS: '60000' }
    const { app: a, config } = await buildTestApp(t, { label: 'multi', db, redisUrl: mode.redisUrl, env })
    const { app: b } = await buildTestApp(t, {
      label: 'multi',
      db,
      redisUrl: mode.redisUrl,
      env: { ...env, REDIS_KEY_PREFIX: config.redisKeyPrefix },
    })

    const onA = new Browser(a)
    await onA.signup('multi@example.com')
    const cookie = onA.cookies.get('draftsmith') as string
    const meOnB = async () =>
      (await b.inject({ method: 'GET', url: '/api/auth/me', cookies: { draftsmith: cookie } })).statusCode
    await within(2000, async () => (await meOnB()) === 200)
    t.equal(await meOnB(), 200, 'B serves the session (and now holds it in memory)')

    t.equal((await onA.request({ method: 'POST', url: '/api/auth/logout' })).statusCode, 204, 'signed out on A')
    t.ok(
      await within(1000, async () => (await meOnB()) === 401),
      'B refuses the session within a second: the change feed told it',
    )

    const second = new Browser(a)
    await second.login('multi@example.com')
    const secondCookie = second.cookies.get('draftsmith') as string
    const secondOnB = async () =>
      (await b.inject({ method: 'GET', url: '/api/auth/me', cookies: { draftsmith: secondCookie } })).statusCode
    t.ok(await within(2000, async () => (await secondOnB()) === 200))

    // Cut B's feed connection: B must stop trusting its memory at once.
    await db.sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'draftsmith-web-sessions-feed' and datname = current_database()`
    await sleep(100)
    // A change nobody announces (a hand-made delete): B must not answer from memory.
    await db.sql`delete from sessions`
    if (mode.redisUrl) {
      // The shared cache would still answer; revoke there too, as the store would.
      const { Redis } = await import('ioredis')
      const client = new Redis(mode.redisUrl)
      const keys = await client.keys(`${config.redisKeyPrefix}session:*`)
      if (keys.length > 0) await client.del(...keys.filter((k) => !k.endsWith('generation')))
      client.disconnect()
    }
    t.equal(await secondOnB(), 401, 'with the feed down, the local cache is off')
  })
}
