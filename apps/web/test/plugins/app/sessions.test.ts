import t from 'tap'
import { sharedRedisUrl } from '@draftsmith/test-support'
import { Browser, buildTestApp, migratedDatabase, modes, SECRET } from '../../helpers/app.js'

const redis = await sharedRedisUrl()

for (const mode of modes(redis)) {
  t.test(`sessions — ${mode.name}`, { skip: mode.skip }, async (t) => {
    const { app, db } = await buildTestApp(t, {
      label: `sessions_${mode.redisUrl ? 'redis' : 'pg'}`,
      redisUrl: mode.redisUrl,
    })

    t.test('a visitor who has done nothing gets no session and no cookie', async (t) => {
      const res = await app.inject({ method: 'GET', url: '/api/proposals' })
      t.equal(res.statusCode, 200)
      t.equal(res.headers['set-cookie'], undefined)
      const [{ n }] = (await db.sql`select count(*)::int as n from sessions`) as unknown as [{ n: number }]
      t.equal(n, 0)
    })

    t.test('signup signs in with a cookie: HttpOnly, SameSite=Lax, not Secure outside production', async (t) => {
      const browser = new Browser(app)
      const res = await browser.signup('flags@example.com')
      t.equal(res.statusCode, 201, res.body)
      const cookie = res.cookies.find((c) => c.name === 'draftsmith')
      t.ok(cookie, 'the session cookie is set')
      t.equal(cookie?.httpOnly, true)
      t.equal(cookie?.sameSite, 'Lax')
      t.notOk(cookie?.secure)
      t.equal(cookie?.path, '/')
      t.ok(cookie?.expires, 'a persistent cookie: it survives a browser restart')
      const me = await browser.request({ method: 'GET', url: '/api/auth/me' })
      t.equal(me.statusCode, 200)
      t.equal(me.json().user.email, 'flags@example.com')
    })

    t.test('only the hash of the token is stored', async (t) => {
      const browser = new Browser(app)
      await browser.signup('hash@example.com')
      const token = decodeURIComponent(browser.cookies.get('draftsmith') ?? '').split('.')[0] ?? ''
      const rows = await db.sql<
        { id: string }[]
      >`select id from sessions where data->'user'->>'email' = 'hash@example.com'`
      t.equal(rows.length, 1)
      t.not(rows[0]?.id, token)
      t.match(rows[0]?.id, /^[0-9a-f]{64}$/)
    })

    t.test('session fixation: login issues a new session id and destroys the old one', async (t) => {
      const setup = new Browser(app)
      await setup.signup('fixation@example.com')
      const browser = new Browser(app)
      await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'before login' } })
      const anonymous = browser.cookies.get('draftsmith')
      t.ok(anonymous, 'creating something as a visitor starts a session')
      await browser.login('fixation@example.com')
      const signedIn = browser.cookies.get('draftsmith')
      t.not(signedIn, anonymous, 'a new cookie after login')
      const attacker = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        cookies: { draftsmith: anonymous as string },
      })
      t.equal(attacker.statusCode, 401, 'the pre-login cookie does not carry the login')
      const proposals = await browser.request({ method: 'GET', url: '/api/proposals' })
      t.same(
        proposals.json().proposals.map((p: { title: string }) => p.title),
        ['before login'],
        'the visitor’s proposal was claimed by the account',
      )
    })

    t.test('logout destroys the session server-side and clears the cookie', async (t) => {
      const browser = new Browser(app)
      await browser.signup('logout@example.com')
      const cookie = browser.cookies.get('draftsmith') as string
      const res = await browser.request({ method: 'POST', url: '/api/auth/logout' })
      t.equal(res.statusCode, 204)
      const cleared = res.cookies.find((c) => c.name === 'draftsmith')
      t.equal(cleared?.value, '', 'the cookie is cleared')
      const replay = await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { draftsmith: cookie } })
      t.equal(replay.statusCode, 401, 'the old cookie is dead server-side')
    })

    t.test('list my sessions, revoke one, revoke all others', async (t) => {
      await new Browser(app).signup('devices@example.com')
      const laptop = new Browser(app)
      const phone = new Browser(app)
      const tablet = new Browser(app)
      await laptop.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'devices@example.com', password: 'correct horse battery' },
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' },
      })
      await phone.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'devices@example.com', password: 'correct horse battery' },
        headers: {
          'user-agent':
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
        },
      })
      await tablet.login('devices@example.com')

      const list = await laptop.request({ method: 'GET', url: '/api/auth/sessions' })
      t.equal(list.statusCode, 200)
      const sessions = list.json().sessions as Array<{ id: string; current: boolean; device: string; ip: string }>
      t.equal(sessions.length, 4, 'signup + three logins')
      t.equal(sessions.filter((s) => s.current).length, 1)
      t.ok(
        sessions.some((s) => s.device.startsWith('Firefox 133 on Linux')),
        'device described from the user agent',
      )
      t.ok(sessions.some((s) => /Safari 17 on iOS \(mobile\)/.test(s.device)))
      t.ok(sessions.every((s) => s.ip === '127.0.0.1'))

      const phoneSession = (await phone.request({ method: 'GET', url: '/api/auth/sessions' }))
        .json()
        .sessions.find((s: { current: boolean }) => s.current)
      const revoke = await laptop.request({ method: 'DELETE', url: `/api/auth/sessions/${phoneSession.id}` })
      t.equal(revoke.statusCode, 204)
      t.equal((await phone.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 401, 'the phone is signed out')

      const others = await laptop.request({ method: 'POST', url: '/api/auth/sessions/revoke-others' })
      t.same(others.json(), { revoked: 2 }, 'the signup session and the tablet')
      t.equal((await tablet.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 401)
      t.equal(
        (await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode,
        200,
        'the current session stays',
      )

      const stranger = new Browser(app)
      await stranger.signup('stranger@example.com')
      const [laptopSession] = (await laptop.request({ method: 'GET', url: '/api/auth/sessions' })).json().sessions
      const idor = await stranger.request({ method: 'DELETE', url: `/api/auth/sessions/${laptopSession.id}` })
      t.equal(idor.statusCode, 404, 'someone else’s session does not exist for me')
      t.equal((await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)
    })

    t.test('revoking the current session through the list signs it out', async (t) => {
      const browser = new Browser(app)
      await browser.signup('self@example.com')
      const [mine] = (await browser.request({ method: 'GET', url: '/api/auth/sessions' })).json().sessions
      const res = await browser.request({ method: 'DELETE', url: `/api/auth/sessions/${mine.id}` })
      t.equal(res.statusCode, 204)
      t.equal(browser.cookies.has('draftsmith'), false, 'cookie cleared')
      const [{ n }] = (await db.sql`select count(*)::int as n from sessions where id = ${mine.id}`) as unknown as [
        { n: number },
      ]
      t.equal(n, 0, 'and not saved again by the end of the request')
    })

    t.test('a tampered cookie is cleared once, quietly', async (t) => {
      const browser = new Browser(app)
      await browser.signup('tamper@example.com')
      const value = browser.cookies.get('draftsmith') as string
      const tampered = `${value.slice(0, -3)}${value.endsWith('abc') ? 'xyz' : 'abc'}`
      const res = await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { draftsmith: tampered } })
      t.equal(res.statusCode, 401)
      const cleared = res.cookies.find((c) => c.name === 'draftsmith')
      t.equal(cleared?.value, '', 'cleared, so the browser stops sending it')
    })

    t.test('a cookie for a dead session is cleared once', async (t) => {
      const browser = new Browser(app)
      await browser.signup('stale@example.com')
      // Revoked by another process (an admin, revoke-others elsewhere): gone from Postgres and cache.
      const [{ id }] =
        (await db.sql`select id from sessions where data->'user'->>'email' = 'stale@example.com'`) as unknown as [
          { id: string },
        ]
      await app.sessions.revoke([id])
      const first = await browser.request({ method: 'GET', url: '/api/auth/me' })
      t.equal(first.statusCode, 401)
      t.equal(first.cookies.find((c) => c.name === 'draftsmith')?.value, '', 'cleared')
      const second = await browser.request({ method: 'GET', url: '/api/auth/me' })
      t.equal(second.cookies.length, 0, 'once: nothing more to clear')
    })

    t.test('signup can be turned off; a taken email is answered like a sign-in, never as "taken"', async (t) => {
      const taken = await new Browser(app).signup('flags@example.com', 'a guess at the password')
      t.equal(taken.statusCode, 401)
      t.equal(taken.json().type, 'urn:draftsmith:problem:invalid-credentials')
      const owner = new Browser(app)
      t.equal((await owner.signup('FLAGS@example.com')).statusCode, 201, 'the owner signing up again is signed in')
      t.equal((await owner.request({ method: 'GET', url: '/api/auth/me' })).json().user.email, 'flags@example.com')
      const { app: closed } = await buildTestApp(t, {
        label: 'sessions_nosignup',
        db,
        redisUrl: mode.redisUrl,
        env: { SIGNUP_ENABLED: 'false' },
      })
      const res = await new Browser(closed).signup('new@example.com')
      t.equal(res.statusCode, 403)
      t.equal(res.json().type, 'urn:draftsmith:problem:signup-disabled')
    })

    t.test('wrong credentials: one message for unknown email and wrong password', async (t) => {
      const unknown = await new Browser(app).login('nobody@example.com')
      const wrong = await new Browser(app).login('flags@example.com', 'not the password at all')
      t.equal(unknown.statusCode, 401)
      t.equal(wrong.statusCode, 401)
      t.equal(unknown.json().detail, wrong.json().detail)
      const upper = await new Browser(app).login('FLAGS@Example.com')
      t.equal(upper.statusCode, 200, 'email is case-insensitive')
    })
  })
}

t.test('idle and absolute timeouts; the expiry moves at most once per touch interval', async (t) => {
  const db = await migratedDatabase(t, 'sessions_expiry')
  // Time is simulated by editing rows, which no instance announces: the local cache stays off.
  const { app } = await buildTestApp(t, {
    label: 'sessions_expiry',
    db,
    env: {
      SESSION_IDLE_TIMEOUT_MINUTES: '60',
      SESSION_ABSOLUTE_TIMEOUT_HOURS: '2',
      SESSION_TOUCH_INTERVAL_SECONDS: '300',
      SESSION_LOCAL_CACHE_MS: '0',
    },
  })
  const browser = new Browser(app)
  await browser.signup('expiry@example.com')
  // xmin changes with every UPDATE of the row, whatever the columns: it shows any write at all.
  const row = async () =>
    (
      await db.sql<
        { version: string; last_seen_at: string; expires_at: string }[]
      >`select xmin::text as version, last_seen_at, expires_at from sessions where data->'user'->>'email' = 'expiry@example.com'`
    )[0]

  const before = await row()
  for (let i = 0; i < 3; i++) t.equal((await browser.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)
  t.same(await row(), before, 'requests inside the touch interval write nothing, not even the unchanged data')

  await db.sql`update sessions set last_seen_at = now() - interval '10 minutes', expires_at = now() + interval '50 minutes' where data->'user'->>'email' = 'expiry@example.com'`
  await browser.request({ method: 'GET', url: '/api/auth/me' })
  const touched = await row()
  t.ok(
    touched && Date.parse(touched.expires_at) > Date.now() + 59 * 60_000,
    'after the interval, the idle expiry moves forward',
  )

  await db.sql`update sessions set expires_at = now() - interval '1 second' where data->'user'->>'email' = 'expiry@example.com'`
  const idle = await browser.request({ method: 'GET', url: '/api/auth/me' })
  t.equal(idle.statusCode, 401, 'idle timeout')

  await browser.login('expiry@example.com')
  await db.sql`update sessions set absolute_expires_at = now() - interval '1 second' where data->'user'->>'email' = 'expiry@example.com'`
  t.equal(
    (await browser.request({ method: 'GET', url: '/api/auth/me' })).statusCode,
    401,
    'absolute timeout, however active the session',
  )
  const [{ n }] =
    (await db.sql`select count(*)::int as n from sessions where data->'user'->>'email' = 'expiry@example.com'`) as unknown as [
      { n: number },
    ]
  t.equal(n, 0, 'expired rows are deleted when met')
})

t.test('rotating SESSION_SECRET keeps everyone signed in', async (t) => {
  const db = await migratedDatabase(t, 'sessions_rotation')
  const { app: before } = await buildTestApp(t, { label: 'sessions_rotation', db })
  const browser = new Browser(before)
  await browser.signup('rotate@example.com')
  const oldCookie = browser.cookies.get('draftsmith') as string

  const next = 'the-next-secret-which-is-also-long-enough-42'
  const { app: after } = await buildTestApp(t, {
    label: 'sessions_rotation',
    db,
    env: { SESSION_SECRET: `${next},${SECRET}` },
  })
  const rotated = new Browser(after)
  rotated.cookies.set('draftsmith', oldCookie)
  const me = await rotated.request({ method: 'GET', url: '/api/auth/me' })
  t.equal(me.statusCode, 200, 'a cookie signed by the previous secret still works')
  const renewed = rotated.cookies.get('draftsmith')
  t.not(renewed, oldCookie, 'and comes back signed by the new secret')
  t.equal((await rotated.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200)

  const { app: retired } = await buildTestApp(t, { label: 'sessions_rotation', db, env: { SESSION_SECRET: next } })
  const late = await retired.inject({ method: 'GET', url: '/api/auth/me', cookies: { draftsmith: renewed as string } })
  t.equal(late.statusCode, 200, 'the re-signed cookie survives retiring the old secret')
  const stale = await retired.inject({ method: 'GET', url: '/api/auth/me', cookies: { draftsmith: oldCookie } })
  t.equal(stale.statusCode, 401, 'a cookie nobody re-signed in time stops working once its secret is gone')
})

t.test('production cookies: Secure, __Host- prefixed, cleared with the attributes the prefix needs', async (t) => {
  const db = await migratedDatabase(t, 'sessions_prod')
  const { app } = await buildTestApp(t, { label: 'sessions_prod', db, env: { NODE_ENV: 'production' } })
  const https = { 'x-forwarded-proto': 'https' }
  const signup = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email: 'prod@example.com', password: 'correct horse battery' },
    headers: https,
  })
  t.equal(signup.statusCode, 201, signup.body)
  const cookie = signup.cookies.find((c) => c.name === '__Host-draftsmith')
  t.ok(cookie, '__Host- prefix')
  t.equal(cookie?.secure, true)
  t.equal(cookie?.httpOnly, true)
  t.equal(cookie?.sameSite, 'Lax')
  t.equal(cookie?.path, '/')
  t.equal(cookie?.domain, undefined, '__Host- cookies have no Domain')

  const stale = await app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: https,
    cookies: { '__Host-draftsmith': 'bogus.value' },
  })
  const clear = String(stale.headers['set-cookie'])
  t.match(clear, /^__Host-draftsmith=;/)
  t.match(clear, /Secure/, 'browsers ignore a __Host- cookie without Secure, so the clear must carry it')
  t.match(clear, /Path=\//)
})

t.test('CSRF: state changes with the cookie only from our own origin', async (t) => {
  const { app } = await buildTestApp(t, { label: 'sessions_csrf' })
  const browser = new Browser(app)
  await browser.signup('csrf@example.com')
  const create = (headers: Record<string, string>) =>
    browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'x' }, headers })

  const crossSite = await create({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })
  t.equal(crossSite.statusCode, 403)
  t.equal(crossSite.json().type, 'urn:draftsmith:problem:cross-site-request')
  t.equal((await create({ 'sec-fetch-site': 'same-site' })).statusCode, 403, 'a sibling subdomain is not us either')
  t.equal((await create({ origin: 'https://evil.example' })).statusCode, 403, 'old browsers: Origin alone decides')
  t.equal((await create({ origin: 'null' })).statusCode, 403, 'opaque origins are refused')
  t.equal((await create({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' })).statusCode, 201)
  t.equal((await create({ origin: 'http://localhost:80' })).statusCode, 201, 'Origin equal to the Host')
  t.equal((await create({})).statusCode, 201, 'no browser headers: an API client, not a forged request')
  t.equal(
    (await browser.request({ method: 'GET', url: '/api/proposals', headers: { 'sec-fetch-site': 'cross-site' } }))
      .statusCode,
    200,
    'reads are not state changes',
  )

  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'csrf@example.com', password: 'correct horse battery' },
    headers: { 'sec-fetch-site': 'cross-site' },
  })
  t.equal(login.statusCode, 403, 'login CSRF is refused too')

  const { app: configured } = await buildTestApp(t, {
    label: 'sessions_csrf2',
    env: { PUBLIC_ORIGIN: 'https://draftsmith.example' },
  })
  const allowed = await configured.inject({
    method: 'POST',
    url: '/api/proposals',
    payload: { title: 'x' },
    headers: { origin: 'https://draftsmith.example' },
  })
  t.equal(allowed.statusCode, 201, 'PUBLIC_ORIGIN is accepted (behind a proxy the Host may differ)')
})
