import t from 'tap'
import { repoMigrationTags, sharedRedisUrl, startTcpProxy } from '@draftsmith/test-support'
import { createAccount } from '../../src/accounts/accounts.js'
import { Browser, buildTestApp, migratedDatabase, modes } from '../helpers/app.js'

const OPS_TOKEN = 'ops-token-long-enough-for-the-rules-0123456789'
const redis = await sharedRedisUrl()

for (const mode of modes(redis)) {
  t.test(`ops endpoints — ${mode.name}`, { skip: mode.skip }, async (t) => {
    const { app, db } = await buildTestApp(t, {
      label: `ops_${mode.redisUrl ? 'redis' : 'pg'}`,
      redisUrl: mode.redisUrl,
      env: { OPS_TOKEN },
    })
    await createAccount(db.db, 'admin@example.com', 'admin password here', 'admin')
    const admin = new Browser(app)
    t.equal((await admin.login('admin@example.com', 'admin password here')).json().user.role, 'admin')
    const user = new Browser(app)
    await user.signup('user@example.com')
    const bearer = { authorization: `Bearer ${OPS_TOKEN}` }

    for (const url of ['/api/ops/migration_status', '/api/ops/sessions/stats', '/api/ops/queues']) {
      t.equal((await app.inject({ method: 'GET', url })).statusCode, 401, `${url}: anonymous → 401`)
      t.equal((await user.request({ method: 'GET', url })).statusCode, 403, `${url}: a plain user → 403`)
      t.equal(
        (await app.inject({ method: 'GET', url, headers: { authorization: 'Bearer wrong-token' } })).statusCode,
        401,
        `${url}: wrong token → 401`,
      )
      t.equal((await app.inject({ method: 'GET', url, headers: bearer })).statusCode, 200, `${url}: ops token → 200`)
      t.equal((await admin.request({ method: 'GET', url })).statusCode, 200, `${url}: admin session → 200`)
    }

    const migration = (await app.inject({ method: 'GET', url: '/api/ops/migration_status', headers: bearer })).json()
    t.match(migration, { migrated: true, current: repoMigrationTags().at(-1), pending: [], drift: [] })
    t.same(
      migration.checks.map((c: { name: string }) => c.name),
      ['ledger', 'pending', 'schema', 'required_columns', 'queue_schema'],
    )
    t.same(
      migration.columns,
      { 'proposals.visitor_session_id': true, 'conversions.proposal_id': true },
      'one boolean per required column, by name',
    )
    t.match(
      migration.checks.find((c: { name: string }) => c.name === 'required_columns').detail,
      'proposals.visitor_session_id, conversions.proposal_id',
      'the check names the columns',
    )
    await db.sql`alter table proposals drop column visitor_session_id`
    const drifted = (await app.inject({ method: 'GET', url: '/api/ops/migration_status', headers: bearer })).json()
    t.equal(drifted.migrated, false)
    t.match(drifted.drift, [{ kind: 'missing_required_column', object: 'proposals.visitor_session_id' }])
    t.same(
      drifted.columns,
      { 'proposals.visitor_session_id': false, 'conversions.proposal_id': true },
      'the missing column is false, the other still true',
    )
    const notReady = await app.inject({ method: 'GET', url: '/ready', headers: bearer })
    t.equal(notReady.statusCode, 503, '/ready uses the same status')
    t.match(notReady.json().checks.schema.detail, /visitor_session_id/)
    const publicNotReady = await app.inject({ method: 'GET', url: '/ready' })
    t.equal(publicNotReady.statusCode, 503)
    t.same(
      publicNotReady.json().checks.schema,
      { ok: false },
      'the public answer names the failing check, nothing more',
    )
    await db.sql`alter table proposals add column visitor_session_id uuid`
    await db.sql`create index proposals_visitor_session_id_idx on proposals (visitor_session_id)`
    await db.sql`create index proposals_visitor_page_idx on proposals (visitor_session_id, created_at desc, id desc)`

    const stats = (await app.inject({ method: 'GET', url: '/api/ops/sessions/stats', headers: bearer })).json()
    t.match(stats, { total_sessions: 2, active_sessions: 2, sessions_24h: 2, redis_available: Boolean(mode.redisUrl) })
    if (mode.redisUrl) {
      await user.request({ method: 'GET', url: '/api/auth/me' })
      t.equal(
        (await app.inject({ method: 'GET', url: '/api/ops/sessions/stats', headers: bearer })).json().using_cache,
        true,
      )
    } else {
      t.equal(stats.using_cache, false)
    }

    const queues = (await app.inject({ method: 'GET', url: '/api/ops/queues', headers: bearer })).json()
    t.match(queues, {
      backend: mode.redisUrl ? 'redis' : 'postgres',
      queues: [
        { name: 'conversions', counts: { waiting: 0, failed: 0 }, schedulers: [] },
        { name: 'maintenance', counts: { waiting: 0 } },
      ],
      workers: { alive: 0, lastBeatAt: null, jobsCompleted: 0 },
    })
    await db.sql`insert into worker_heartbeats (id, hostname, pid, backend, last_job_finished_at, jobs_completed) values ('w1', 'host', 1, 'postgres', now(), 3)`
    const withWorker = (await app.inject({ method: 'GET', url: '/api/ops/queues', headers: bearer })).json()
    t.match(withWorker.workers, { alive: 1, jobsCompleted: 3, lastJobFinishedAt: String })
    t.match(
      (await app.inject({ method: 'GET', url: '/ready', headers: bearer })).json().workers,
      { alive: 1 },
      '/ready reports the workers to ops',
    )
    t.match(
      (await admin.request({ method: 'GET', url: '/ready' })).json().workers,
      { alive: 1 },
      'and to an admin session',
    )
    t.notOk('workers' in (await user.request({ method: 'GET', url: '/ready' })).json(), 'not to anyone else')

    const ready = await app.inject({ method: 'GET', url: '/ready' })
    t.equal(ready.statusCode, 200, ready.body)
    t.same(
      Object.keys(ready.json().checks).sort(),
      mode.redisUrl ? ['database', 'queue', 'redis', 'schema'] : ['database', 'queue', 'schema'],
    )

    const forbidden = await user.request({ method: 'GET', url: '/admin/queues/api/queues' })
    t.equal(forbidden.statusCode, 403, 'the dashboard is for admins')
    t.match(forbidden.headers['content-type'], /^application\/problem\+json/, 'refused as the API refuses')
    t.match(forbidden.json(), { status: 403, requestId: String })
    const anonymous = await app.inject({ method: 'GET', url: '/admin/queues' })
    t.equal(anonymous.statusCode, 401)
    t.match(anonymous.json(), { type: String, title: String, status: 401, detail: String })
    const dashboard = await admin.request({ method: 'GET', url: '/admin/queues' })
    t.equal(dashboard.statusCode, 200)
    t.match(dashboard.headers['content-type'], /text\/html/)
    const api = await admin.request({ method: 'GET', url: '/admin/queues/api/queues' })
    t.equal(api.statusCode, 200, api.body.slice(0, 300))
    t.same(
      api
        .json()
        .queues.map((q: { name: string }) => q.name)
        .sort(),
      ['conversions', 'maintenance'],
    )
  })
}

t.test('health and OpenAPI', async (t) => {
  const { app } = await buildTestApp(t, { label: 'ops_health', env: { RENDER_GIT_COMMIT: 'abc1234' } })
  const health = await app.inject({ method: 'GET', url: '/health' })
  t.match(health.json(), { status: 'ok', version: '0.1.0', commit: 'abc1234', uptimeSeconds: Number })
  const docs = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(docs.statusCode, 200)
  const spec = docs.json()
  t.match(spec.openapi, /^3\./)
  for (const path of [
    '/api/auth/login',
    '/api/auth/sessions/{id}',
    '/api/proposals/{id}/conversions',
    '/api/conversions/{id}/markdown',
    '/api/ops/migration_status',
    '/ready',
    '/health',
  ]) {
    t.ok(spec.paths[path], `documents ${path}`)
  }
  t.ok(spec.paths['/api/auth/signup'].post.requestBody, 'request bodies come from the route schemas')
})

t.test(
  'queue views first opened during a database outage work once it ends, without a restart (postgres backend)',
  async (t) => {
    const db = await migratedDatabase(t, 'ops_reopen')
    const proxy = await startTcpProxy(t, 5432)
    const viaProxy = new URL(db.databaseUrl)
    viaProxy.host = `127.0.0.1:${proxy.port}`
    const { app } = await buildTestApp(t, {
      label: 'ops_reopen',
      db: { ...db, databaseUrl: viaProxy.toString() },
      env: { OPS_TOKEN },
    })
    const bearer = { authorization: `Bearer ${OPS_TOKEN}` }
    await proxy.cut()
    const down = await app.inject({ method: 'GET', url: '/api/ops/queues', headers: bearer })
    t.equal(down.statusCode, 503, 'unreachable → 503')
    t.match(down.json(), { type: 'urn:draftsmith:problem:service-unavailable' })
    t.equal(
      (await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: bearer })).statusCode,
      503,
      'the dashboard too (in its own error format)',
    )
    await proxy.restore()
    // A start begun during the outage may still be failing: the next request opens afresh.
    let queues = await app.inject({ method: 'GET', url: '/api/ops/queues', headers: bearer })
    for (let i = 0; i < 50 && queues.statusCode !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100))
      queues = await app.inject({ method: 'GET', url: '/api/ops/queues', headers: bearer })
    }
    t.equal(queues.statusCode, 200, queues.body)
    t.same(
      queues.json().queues.map((q: { name: string }) => q.name),
      ['conversions', 'maintenance'],
    )
    const board = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: bearer })
    t.equal(board.statusCode, 200, board.body.slice(0, 300))
    t.same(
      board
        .json()
        .queues.map((q: { name: string }) => q.name)
        .sort(),
      ['conversions', 'maintenance'],
      'the dashboard shows the new queues',
    )
  },
)
