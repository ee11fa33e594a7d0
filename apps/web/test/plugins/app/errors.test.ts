import t from 'tap'
import { Browser, buildTestApp, SECRET } from '../../helpers/app.js'
import { loadConfig } from '../../../src/config.js'
import { buildApp } from '../../../src/app.js'

const PROBLEM = 'application/problem+json; charset=utf-8'

t.test('every error is problem+json with a request id: 404, 400, 415, 500', async (t) => {
  const { app } = await buildTestApp(t, { label: 'errors' })
  app.get('/api/boom', async () => {
    throw new Error('database password=hunter2 leaked in a message')
  })

  const notFound = await app.inject({ method: 'GET', url: '/api/nope?x=1', headers: { 'x-request-id': 'req-123' } })
  t.equal(notFound.statusCode, 404)
  t.equal(notFound.headers['content-type'], PROBLEM)
  t.same(notFound.json(), {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'no route for GET /api/nope',
    requestId: 'req-123',
  })
  t.equal(notFound.headers['x-request-id'], 'req-123', 'a sane incoming request id is kept and echoed')
  const odd = await app.inject({ method: 'GET', url: '/api/nope', headers: { 'x-request-id': 'bad id\nwith newline' } })
  t.match(odd.json().requestId, /^[0-9a-f-]{36}$/, 'an unsafe one is replaced')

  const boom = await app.inject({ method: 'GET', url: '/api/boom' })
  t.equal(boom.statusCode, 500)
  t.equal(boom.headers['content-type'], PROBLEM)
  t.match(boom.json(), { type: 'about:blank', title: 'Internal Server Error', status: 500, requestId: String })
  t.match(boom.json().detail, /quote request id/)
  t.notMatch(boom.body, /hunter2|at .*\.ts:\d+|Error:/, 'no message, no stack trace')

  const malformed = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: '{"email": "a@b.c",',
  })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.headers['content-type'], PROBLEM)
  t.equal(malformed.json().detail, 'the body is not valid JSON')

  const wrongType = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'text/plain' },
    payload: 'email=a',
  })
  t.equal(wrongType.statusCode, 415)
  t.equal(wrongType.headers['content-type'], PROBLEM)

  const empty = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: '',
  })
  t.equal(empty.statusCode, 400)

  const invalid = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email: 'not-an-email', password: 'short' },
  })
  t.equal(invalid.statusCode, 400)
  t.equal(invalid.json().type, 'urn:draftsmith:problem:validation')
  t.same(
    invalid
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort(),
    ['email', 'password'],
    'validation errors name every field',
  )
  const missing = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'a@example.com' } })
  t.match(missing.json().detail, /password must have required property 'password'/)
  const extra = await app.inject({ method: 'POST', url: '/api/proposals', payload: { title: '' } })
  t.match(extra.json().errors, [{ field: 'title' }])
  const badId = await app.inject({ method: 'GET', url: '/api/proposals/not-a-uuid' })
  t.equal(badId.statusCode, 400)
  t.match(badId.json().errors, [{ field: 'params.id' }])

  const unauthenticated = await app.inject({ method: 'GET', url: '/api/auth/me' })
  t.equal(unauthenticated.statusCode, 401)
  t.equal(unauthenticated.headers['content-type'], PROBLEM)
})

t.test(
  'Postgres unreachable: /ready is 503 naming the checks, requests get 503 problem+json, never a 500',
  async (t) => {
    const { app: healthy, config } = await buildTestApp(t, { label: 'errors_pgdown' })
    const browser = new Browser(healthy)
    await browser.signup('down@example.com')
    t.equal((await healthy.inject({ method: 'GET', url: '/ready' })).statusCode, 200)

    const OPS_TOKEN = 'ops-token-long-enough-for-the-rules-0123456789'
    const downConfig = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: 'postgresql://root@127.0.0.1:1/none',
      SESSION_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      OPS_TOKEN,
    })
    const down = await buildApp(downConfig)
    t.teardown(() => down.close())
    void config
    const ready = await down.inject({ method: 'GET', url: '/ready' })
    t.equal(ready.statusCode, 503)
    t.same(
      ready.json(),
      { status: 'not_ready', checks: { database: { ok: false }, schema: { ok: false }, queue: { ok: false } } },
      'the public answer: which checks fail, no error text',
    )
    const forOps = await down.inject({
      method: 'GET',
      url: '/ready',
      headers: { authorization: `Bearer ${OPS_TOKEN}` },
    })
    t.match(forOps.json().checks.database.detail, /ECONNREFUSED|connect/, 'ops see why')
    t.equal((await down.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'liveness does no I/O')

    const signedIn = await down.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { draftsmith: browser.cookies.get('draftsmith') as string },
    })
    t.equal(signedIn.statusCode, 503, 'a signed-in request: 503, not 500')
    t.equal(signedIn.headers['content-type'], PROBLEM)
    t.equal(signedIn.json().type, 'urn:draftsmith:problem:service-unavailable')
    t.ok(signedIn.headers['retry-after'])
    const create = await down.inject({ method: 'POST', url: '/api/proposals', payload: { title: 'x' } })
    t.equal(create.statusCode, 503, 'saving a new session while Postgres is down: 503 problem+json too')
    t.equal(create.headers['content-type'], PROBLEM)
  },
)
