import t from 'tap'
import { Redis } from 'ioredis'
import { startPrivateRedis, startTcpProxy } from '@draftsmith/test-support'
import { Browser, buildTestApp } from '../helpers/app.js'
import { multipart } from '../helpers/multipart.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await sleep(100)
  }
  throw new Error(`timed out waiting until ${what}`)
}

/** Requests with a fixed cookie value: a browser would drop a cleared cookie, someone replaying it would not. */
function replay(app: import('fastify').FastifyInstance, cookie: string) {
  return async () =>
    (await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { draftsmith: cookie } })).statusCode
}

const OPS_TOKEN = 'ops-token-for-the-redis-outage-test-0123456789'
/** These tests exercise the Redis paths: keep the in-process cache from answering first. */
const LOCAL_CACHE_OFF = { SESSION_LOCAL_CACHE_MS: '0' }

t.test('Redis frozen mid-test (unreachable, data kept): nobody is logged out, a revoke sticks', async (t) => {
  const redis = await startPrivateRedis(t)
  const { app, config } = await buildTestApp(t, {
    label: 'outage_freeze',
    redisUrl: redis.url,
    env: { OPS_TOKEN, ...LOCAL_CACHE_OFF },
  })
  const stats = async () =>
    (
      await app.inject({
        method: 'GET',
        url: '/api/ops/sessions/stats',
        headers: { authorization: `Bearer ${OPS_TOKEN}` },
      })
    ).json()

  await new Browser(app).signup('outage@example.com')
  const laptop = new Browser(app)
  const phone = new Browser(app)
  await laptop.login('outage@example.com')
  await phone.login('outage@example.com')
  await until('the cache serves sessions', async () => {
    await laptop.request({ method: 'GET', url: '/api/auth/me' })
    return (await stats()).using_cache === true
  })
  t.equal((await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)
  t.equal((await phone.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)
  const inspector = new Redis(redis.url)
  t.teardown(() => inspector.disconnect())
  const cachedKeys = await inspector.keys(`${config.redisKeyPrefix}session:*`)
  t.ok(cachedKeys.length >= 3, 'sessions are cached in Redis (plus the generation key)')

  redis.freeze()
  const statuses: number[] = []
  for (let i = 0; i < 20; i++) {
    statuses.push((await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode)
    statuses.push((await phone.request({ method: 'GET', url: '/api/auth/me' })).statusCode)
  }
  t.same(new Set(statuses), new Set([200]), 'every signed-in request succeeds while Redis does not answer')
  const during = await stats()
  t.equal(during.redis_available, false)
  t.equal(during.using_cache, false, 'reads go to Postgres; the breaker keeps them from waiting on Redis')

  const phoneSession = (await phone.request({ method: 'GET', url: '/api/auth/sessions' }))
    .json()
    .sessions.find((s: { current: boolean }) => s.current)
  const phoneMe = replay(app, phone.cookies.get('draftsmith') as string)
  t.equal(
    (await laptop.request({ method: 'DELETE', url: `/api/auth/sessions/${phoneSession.id}` })).statusCode,
    204,
    'revoke during the outage',
  )
  t.equal(await phoneMe(), 401, 'revoked at once')

  redis.thaw()
  await until('the cache is used again', async () => {
    await laptop.request({ method: 'GET', url: '/api/auth/me' })
    return (await stats()).using_cache === true
  })
  for (let i = 0; i < 5; i++) t.equal(await phoneMe(), 401, 'the session revoked during the outage stays revoked')
  t.equal(
    (await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode,
    200,
    'the other session is served from the cache again',
  )
})

t.test('network partition from Redis (it keeps running, with its data): the stale entry is never served', async (t) => {
  const redis = await startPrivateRedis(t)
  const proxy = await startTcpProxy(t, redis.port)
  const { app, config } = await buildTestApp(t, {
    label: 'outage_partition',
    redisUrl: `redis://127.0.0.1:${proxy.port}`,
    env: { OPS_TOKEN, ...LOCAL_CACHE_OFF },
  })
  const usingCache = async () =>
    (
      await app.inject({
        method: 'GET',
        url: '/api/ops/sessions/stats',
        headers: { authorization: `Bearer ${OPS_TOKEN}` },
      })
    ).json().using_cache === true

  await new Browser(app).signup('partition@example.com')
  const laptop = new Browser(app)
  const phone = new Browser(app)
  await laptop.login('partition@example.com')
  await phone.login('partition@example.com')
  await until('both sessions are served from the cache', async () => {
    const ok = (await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode === 200
    const ok2 = (await phone.request({ method: 'GET', url: '/api/auth/me' })).statusCode === 200
    return ok && ok2 && (await usingCache())
  })
  const phoneSession = (await phone.request({ method: 'GET', url: '/api/auth/sessions' }))
    .json()
    .sessions.find((s: { current: boolean }) => s.current)
  const inspector = new Redis(redis.url)
  t.teardown(() => inspector.disconnect())
  const key = `${config.redisKeyPrefix}session:${phoneSession.id}`
  t.match(await inspector.get(key), /^\d+\|/, 'the phone’s session is cached')

  const phoneMe = replay(app, phone.cookies.get('draftsmith') as string)
  await proxy.cut()
  t.equal(
    (await laptop.request({ method: 'DELETE', url: `/api/auth/sessions/${phoneSession.id}` })).statusCode,
    204,
    'revoked while Redis is cut off',
  )
  t.equal(await phoneMe(), 401)
  t.match(await inspector.get(key), /^\d+\|/, 'the revoke never reached Redis: its entry is still there, live-looking')

  await proxy.restore()
  await until('the cache is used again', async () => {
    await laptop.request({ method: 'GET', url: '/api/auth/me' })
    return usingCache()
  })
  for (let i = 0; i < 5; i++) t.equal(await phoneMe(), 401, 'and it is never served: the generation moved on')
  t.equal((await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)
})

t.test('Redis killed and restarted: requests keep succeeding, revoked stays revoked', async (t) => {
  const redis = await startPrivateRedis(t)
  const { app } = await buildTestApp(t, { label: 'outage_restart', redisUrl: redis.url, env: LOCAL_CACHE_OFF })
  await new Browser(app).signup('restart@example.com')
  const a = new Browser(app)
  const b = new Browser(app)
  await a.login('restart@example.com')
  await b.login('restart@example.com')
  t.equal((await a.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)

  const bMe = replay(app, b.cookies.get('draftsmith') as string)
  await redis.stop()
  for (let i = 0; i < 10; i++) t.equal((await a.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)
  t.equal((await a.request({ method: 'POST', url: '/api/auth/sessions/revoke-others' })).json().revoked, 2)
  t.equal(await bMe(), 401)
  const late = await new Browser(app).login('restart@example.com')
  t.equal(late.statusCode, 200, 'login works during the outage (rate limits fall back to memory)')
  const created = await a.request({
    method: 'POST',
    url: '/api/proposals',
    payload: { title: 'written during the outage' },
  })
  t.equal(created.statusCode, 201, 'writes that do not need Redis keep working')

  await redis.start()
  await sleep(2500)
  for (let i = 0; i < 5; i++) {
    t.equal((await a.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)
    t.equal(await bMe(), 401)
  }
})

t.test('Redis down at boot: the web starts and serves from Postgres', async (t) => {
  const redis = await startPrivateRedis(t)
  await redis.stop()
  const { app } = await buildTestApp(t, { label: 'outage_boot', redisUrl: redis.url, env: LOCAL_CACHE_OFF })
  const browser = new Browser(app)
  t.equal((await browser.signup('boot@example.com')).statusCode, 201)
  t.equal((await browser.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)
  const ready = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(ready.statusCode, 503, '/ready says Redis is down…')
  t.equal(ready.json().checks.redis.ok, false)
  t.equal(
    (await app.inject({ method: 'GET', url: '/health' })).statusCode,
    200,
    '…while /health (what Render restarts on) stays green',
  )

  const proposal = (
    await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'queued later' } })
  ).json().id
  const upload = () =>
    browser.request({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions`,
      ...multipart([{ filename: 'a.txt', content: 'hello' }]),
    })
  t.equal((await upload()).statusCode, 503, 'uploads fail fast while the queue is unreachable')
  await redis.start()
  await until('uploads are accepted again', async () => (await upload()).statusCode === 202)
  t.pass('the queue recovers by itself once Redis is back (no restart needed)')
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200)
})
