import t from 'tap'
import { createAccount } from '../src/accounts/accounts.js'
import { Browser, buildTestApp } from './helpers/app.js'
import { multipart } from './helpers/multipart.js'

const OPS_TOKEN = 'ops-token-long-enough-for-the-rules-0123456789'

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

t.test('security headers on every response, not only on the UI (finding 7)', async (t) => {
  const { app, db } = await buildTestApp(t, { label: 'sec_headers', env: { OPS_TOKEN } })
  const visitor = new Browser(app)
  const proposal = (
    await visitor.request({ method: 'POST', url: '/api/proposals', payload: { title: 'headers' } })
  ).json().id as string
  const [conversion] = await db.sql<{ id: string }[]>`
    insert into conversions (proposal_id, status, source_name, source_mime, source_size, markdown)
    values (${proposal}, 'succeeded', 'x.html', 'text/html', 1, '<script>alert(1)</script>') returning id`
  const bearer = { authorization: `Bearer ${OPS_TOKEN}` }
  const responses = {
    'the UI': await app.inject({ method: 'GET', url: '/' }),
    'an API answer': await visitor.request({ method: 'GET', url: '/api/proposals' }),
    'an API error': await app.inject({ method: 'GET', url: '/api/auth/me' }),
    'a 404': await app.inject({ method: 'GET', url: '/api/nowhere' }),
    'a validation error': await app.inject({ method: 'POST', url: '/api/proposals', payload: {} }),
    liveness: await app.inject({ method: 'GET', url: '/health' }),
    readiness: await app.inject({ method: 'GET', url: '/ready' }),
    'the OpenAPI document': await app.inject({ method: 'GET', url: '/docs/json' }),
    'the queue dashboard': await app.inject({ method: 'GET', url: '/admin/queues', headers: bearer }),
    'an ops answer': await app.inject({ method: 'GET', url: '/api/ops/sessions/stats', headers: bearer }),
  }
  for (const [what, response] of Object.entries(responses)) {
    t.match(response.headers['content-security-policy'], /default-src 'self'.*frame-ancestors 'none'/, `${what}: CSP`)
    t.equal(response.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`)
    t.ok(response.headers['x-frame-options'], `${what}: frame options`)
    t.equal(response.headers['referrer-policy'], 'no-referrer', `${what}: referrer policy`)
    t.notOk(response.headers['strict-transport-security'], `${what}: no HSTS outside production`)
  }
  t.match(
    responses['the queue dashboard'].headers['content-security-policy'],
    /style-src 'self' 'unsafe-inline'/,
    'the dashboard may style itself inline',
  )
  t.match(
    responses['the UI'].headers['content-security-policy'],
    /script-src 'self' 'sha256-[\w+/=]+';/,
    '…the UI may not even do that (its one inline script, the import map, is allowed by its hash)',
  )
  t.match(responses['the UI'].headers['content-security-policy'], /style-src 'self';/)

  const markdown = await visitor.request({ method: 'GET', url: `/api/conversions/${conversion?.id}/markdown` })
  t.equal(markdown.statusCode, 200)
  t.equal(
    markdown.headers['content-security-policy'],
    "default-src 'none'; sandbox",
    'a document opened in a tab is inert',
  )
  t.equal(markdown.headers['x-content-type-options'], 'nosniff')

  const { app: production } = await buildTestApp(t, { label: 'sec_headers_prod', env: { NODE_ENV: 'production' } })
  const secure = await production.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } })
  t.equal(secure.headers['strict-transport-security'], 'max-age=31536000', 'HSTS in production')
})

t.test('a bearer token never lets a cookie-authenticated request skip the CSRF check (finding 8)', async (t) => {
  const { app } = await buildTestApp(t, { label: 'sec_bearer', env: { OPS_TOKEN } })
  const user = new Browser(app)
  await user.signup('victim@example.com')
  const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }

  const forged = await user.request({
    method: 'POST',
    url: '/api/proposals',
    payload: { title: 'forged' },
    headers: { ...crossSite, authorization: 'Bearer anything' },
  })
  t.equal(forged.statusCode, 401, 'a wrong bearer token is refused, whatever the cookie says')
  t.equal(forged.headers['www-authenticate'], 'Bearer error="invalid_token"')
  t.equal(
    (
      await user.request({
        method: 'POST',
        url: '/api/proposals',
        payload: { title: 'forged' },
        headers: { ...crossSite },
      })
    ).statusCode,
    403,
    'without one, the CSRF check refuses the cross-site request',
  )
  t.equal(
    (await user.request({ method: 'GET', url: '/api/proposals' })).json().proposals.length,
    0,
    'nothing was created',
  )

  const withToken = await user.request({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${OPS_TOKEN}` },
  })
  t.equal(withToken.statusCode, 401, 'with the ops token the cookie is ignored: the request is ops, not the user')
  const opsCall = await user.request({
    method: 'GET',
    url: '/api/ops/sessions/stats',
    headers: { ...crossSite, authorization: `bearer ${OPS_TOKEN}` },
  })
  t.equal(
    opsCall.statusCode,
    200,
    'the ops token works (scheme case-insensitive), cross-site or not: it is no ambient credential',
  )
  t.equal(
    (await user.request({ method: 'GET', url: '/api/auth/me' })).statusCode,
    200,
    'and the user is still signed in',
  )

  const { app: tokenless } = await buildTestApp(t, { label: 'sec_bearer_none' })
  t.equal(
    (await tokenless.inject({ method: 'GET', url: '/api/ops/queues', headers: { authorization: 'Bearer ' } }))
      .statusCode,
    401,
    'no OPS_TOKEN configured: no bearer token is valid',
  )
})

t.test('/ready tells the public only whether it is ready and which check failed (finding 9)', async (t) => {
  const { app } = await buildTestApp(t, { label: 'sec_ready', env: { OPS_TOKEN } })
  await app.ready()
  const open = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(open.statusCode, 200)
  t.same(open.json(), {
    status: 'ready',
    checks: { database: { ok: true }, schema: { ok: true }, queue: { ok: true } },
  })
  t.equal(open.headers['cache-control'], 'no-store')
  const detailed = (
    await app.inject({ method: 'GET', url: '/ready', headers: { authorization: `Bearer ${OPS_TOKEN}` } })
  ).json()
  t.match(detailed, {
    status: 'ready',
    checks: { database: { ok: true, latencyMs: Number }, schema: { ok: true, detail: /^at \d{4}_/ } },
    workers: { alive: 0 },
  })
  const plainUser = new Browser(app)
  await plainUser.signup('curious@example.com')
  t.notMatch(
    (await plainUser.request({ method: 'GET', url: '/ready' })).body,
    /latencyMs|detail|workers/,
    'a signed-in user is not ops',
  )
})

t.test('a changed role reaches live sessions within seconds (finding 4)', async (t) => {
  const { app, db } = await buildTestApp(t, { label: 'sec_roles' })
  await createAccount(db.db, 'boss@example.com', 'the boss password', 'admin')
  const admin = new Browser(app)
  t.equal((await admin.login('boss@example.com', 'the boss password')).json().user.role, 'admin')
  t.equal((await admin.request({ method: 'GET', url: '/api/ops/sessions/stats' })).statusCode, 200)

  await db.sql`update users set role = 'user' where email = 'boss@example.com'`
  await until(
    'the demotion applies',
    async () => (await admin.request({ method: 'GET', url: '/api/ops/sessions/stats' })).statusCode === 403,
  )
  t.equal((await admin.request({ method: 'GET', url: '/api/auth/me' })).json().user.role, 'user', '/me says so too')
  t.equal((await admin.request({ method: 'GET', url: '/admin/queues' })).statusCode, 403, 'and the dashboard')

  await db.sql`update users set role = 'admin' where email = 'boss@example.com'`
  await until(
    'the promotion applies',
    async () => (await admin.request({ method: 'GET', url: '/api/ops/sessions/stats' })).statusCode === 200,
  )

  await db.sql`delete from users where email = 'boss@example.com'`
  await until(
    'a deleted account is signed out',
    async () => (await admin.request({ method: 'GET', url: '/api/auth/me' })).statusCode === 401,
  )
})

t.test('uploads and downloads of another visitor stay unreachable with a guessed bearer token', async (t) => {
  const { app } = await buildTestApp(t, { label: 'sec_bearer_owner', env: { OPS_TOKEN } })
  const owner = new Browser(app)
  const proposal = (await owner.request({ method: 'POST', url: '/api/proposals', payload: { title: 'mine' } })).json()
    .id as string
  const body = multipart([{ filename: 'a.txt', content: 'hi' }])
  const upload = await owner.request({
    method: 'POST',
    url: `/api/proposals/${proposal}/conversions`,
    payload: body.payload,
    headers: { ...body.headers, authorization: 'Bearer guess' },
  })
  t.equal(upload.statusCode, 401)
})
