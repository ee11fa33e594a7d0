import { PassThrough } from 'node:stream'
import t from 'tap'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { sharedRedisUrl } from '@draftsmith/test-support'
import { loadConfig } from '../../../src/config.js'
import { addressKey } from '../../../src/limits/client-address.js'
import { Browser, buildTestApp, modes, SECRET } from '../../helpers/app.js'
import { multipart } from '../../helpers/multipart.js'

const OPS_TOKEN = 'ops-token-long-enough-for-the-rules-0123456789'
const redis = await sharedRedisUrl()

/** Requests from one address, as Fastify sees it (`remoteAddress`), with a browser's cookies. */
class Visitor extends Browser {
  constructor(
    app: FastifyInstance,
    readonly address: string,
  ) {
    super(app)
  }
  override request(options: InjectOptions) {
    return super.request({ remoteAddress: this.address, ...options })
  }
}

const signup = (app: FastifyInstance, email: string, address: string, password = 'correct horse battery') =>
  app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email, password }, remoteAddress: address })
const login = (app: FastifyInstance, email: string, address: string, password = 'wrong password here') =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: address })

async function expectLimited(
  t: Pick<typeof import('tap').default, 'equal' | 'match'>,
  response: Awaited<ReturnType<typeof login>>,
  detail: RegExp,
) {
  t.equal(response.statusCode, 429, response.body)
  t.equal(response.json().type, 'urn:draftsmith:problem:rate-limited')
  t.match(response.json().detail, detail)
  t.match(response.headers['retry-after'], /^\d+$/, 'Retry-After says when')
}

for (const mode of modes(redis)) {
  const label = (name: string) => `limits_${name}_${mode.redisUrl ? 'redis' : 'pg'}`

  t.test(`sign-in and sign-up throttling — ${mode.name}`, { skip: mode.skip }, async (t) => {
    t.test('sign-ups are limited per address (each one costs a 19 MiB argon2id hash)', async (t) => {
      const { app } = await buildTestApp(t, {
        label: label('signup'),
        redisUrl: mode.redisUrl,
        env: { SIGNUP_RATE_LIMIT_PER_IP: '3' },
      })
      for (let i = 0; i < 3; i++) t.equal((await signup(app, `s${i}@example.com`, '203.0.113.5')).statusCode, 201)
      await expectLimited(
        t,
        await signup(app, 's3@example.com', '203.0.113.5'),
        /too many sign-ups from this address; try again in/,
      )
      t.equal((await signup(app, 's3@example.com', '203.0.113.6')).statusCode, 201, 'another address is not affected')
    })

    t.test('sign-up never says an email has an account', async (t) => {
      const { app } = await buildTestApp(t, { label: label('enumeration'), redisUrl: mode.redisUrl })
      t.equal((await signup(app, 'owner@example.com', '203.0.113.7', 'the owner password')).statusCode, 201)
      const probe = await signup(app, 'OWNER@example.com', '198.51.100.1', 'a guessed password')
      const failedLogin = await login(app, 'nobody@example.com', '198.51.100.1')
      t.equal(probe.statusCode, failedLogin.statusCode, 'a taken email is answered like any failed sign-in…')
      t.same({ ...probe.json(), requestId: '' }, { ...failedLogin.json(), requestId: '' }, '…word for word')
      t.notMatch(probe.body, /exist|taken|already/i)
      const owner = await signup(app, 'owner@example.com', '203.0.113.7', 'the owner password')
      t.equal(owner.statusCode, 201, 'with the right password it signs the owner in')
    })

    t.test('an attacker cannot lock the owner out, however many addresses it fails from', async (t) => {
      const { app } = await buildTestApp(t, {
        label: label('lockout'),
        redisUrl: mode.redisUrl,
        env: { LOGIN_RATE_LIMIT_PER_IP: '5', LOGIN_FAILURES_BEFORE_BACKOFF: '3', LOGIN_BACKOFF_MAX_SECONDS: '60' },
      })
      await signup(app, 'admin@example.com', '192.0.2.1', 'the admin password')
      for (let i = 0; i < 15; i++) t.equal((await login(app, 'admin@example.com', `198.51.100.${i}`)).statusCode, 401)
      const owner = await login(app, 'admin@example.com', '192.0.2.1', 'the admin password')
      t.equal(owner.statusCode, 200, 'the owner signs in from their own address')
    })

    t.test('failures in a row for one account from one address wait longer each time', async (t) => {
      const { app } = await buildTestApp(t, {
        label: label('backoff'),
        redisUrl: mode.redisUrl,
        env: { LOGIN_RATE_LIMIT_PER_IP: '100', LOGIN_FAILURES_BEFORE_BACKOFF: '3', LOGIN_BACKOFF_MAX_SECONDS: '60' },
      })
      await signup(app, 'target@example.com', '192.0.2.2', 'the target password')
      const attacker = '198.51.100.77'
      for (let i = 0; i < 3; i++)
        t.equal((await login(app, 'target@example.com', attacker)).statusCode, 401, `failure ${i + 1}: no wait yet`)
      t.equal(
        (await login(app, 'target@example.com', attacker)).statusCode,
        401,
        'the fourth failure starts a 1 s wait',
      )
      const waiting = await login(app, 'target@example.com', attacker, 'the target password')
      await expectLimited(t, waiting, /too many failed sign-ins for this account from this address/)
      t.equal(waiting.headers['retry-after'], '1', 'even the right password waits: the pair is slowed, not judged')
      await new Promise((r) => setTimeout(r, 1100))
      t.equal((await login(app, 'target@example.com', attacker)).statusCode, 401, 'after the wait one more try…')
      t.equal(
        (await login(app, 'target@example.com', attacker)).headers['retry-after'],
        '2',
        '…and the next wait is twice as long',
      )
      t.equal(
        (await login(app, 'target@example.com', '192.0.2.2', 'the target password')).statusCode,
        200,
        'the owner, from elsewhere, is not slowed',
      )
      await new Promise((r) => setTimeout(r, 2100))
      t.equal((await login(app, 'target@example.com', attacker, 'the target password')).statusCode, 200, 'a success…')
      t.equal(
        (await login(app, 'target@example.com', attacker)).statusCode,
        401,
        '…clears the count: the next failure does not wait',
      )
      t.equal((await login(app, 'target@example.com', attacker)).statusCode, 401)
    })

    t.test('one address may fail only so often, over all accounts', async (t) => {
      const { app } = await buildTestApp(t, {
        label: label('per_address'),
        redisUrl: mode.redisUrl,
        env: { LOGIN_RATE_LIMIT_PER_IP: '5' },
      })
      for (let i = 0; i < 5; i++) t.equal((await login(app, `user${i}@example.com`, '198.51.100.200')).statusCode, 401)
      await expectLimited(
        t,
        await login(app, 'another@example.com', '198.51.100.200'),
        /too many failed sign-ins from this address/,
      )
      t.equal(
        (await login(app, 'another@example.com', '198.51.100.201')).statusCode,
        401,
        'other addresses are unaffected',
      )
    })
  })

  t.test(`fair share per visitor — ${mode.name}`, { skip: mode.skip }, async (t) => {
    t.test('proposals per hour, per visitor and per address', async (t) => {
      const { app } = await buildTestApp(t, {
        label: label('proposals'),
        redisUrl: mode.redisUrl,
        env: { QUOTA_PROPOSALS_PER_HOUR: '2', QUOTA_PROPOSALS_PER_HOUR_PER_IP: '4' },
      })
      const visitor = new Visitor(app, '203.0.113.20')
      const create = (who: Browser, title: string) =>
        who.request({ method: 'POST', url: '/api/proposals', payload: { title } })
      t.equal((await create(visitor, 'one')).statusCode, 201)
      t.equal((await create(visitor, 'two')).statusCode, 201)
      await expectLimited(t, await create(visitor, 'three'), /you have created 2 proposals in the last hour/)
      t.equal(
        (await visitor.request({ method: 'GET', url: '/api/proposals' })).json().proposals.length,
        2,
        'what was accepted stays',
      )
      // Shedding the cookie makes a new visitor, but not a new address.
      t.equal((await create(new Visitor(app, '203.0.113.20'), 'three')).statusCode, 201)
      t.equal((await create(new Visitor(app, '203.0.113.20'), 'four')).statusCode, 201)
      await expectLimited(
        t,
        await create(new Visitor(app, '203.0.113.20'), 'five'),
        /this address has created 4 proposals/,
      )
    })

    t.test('uploads per minute, stored bytes and conversions queued at once', async (t) => {
      const { app, db } = await buildTestApp(t, {
        label: label('uploads'),
        redisUrl: mode.redisUrl,
        env: { QUOTA_UPLOADS_PER_MINUTE: '3', QUOTA_STORED_BYTES: '3000', QUOTA_ACTIVE_CONVERSIONS: '4' },
      })
      const count = async () =>
        ((await db.sql`select count(*)::int as n from conversions`) as unknown as [{ n: number }])[0].n
      const visitor = new Visitor(app, '203.0.113.30')
      const proposal = (
        await visitor.request({ method: 'POST', url: '/api/proposals', payload: { title: 'uploads' } })
      ).json().id as string
      const upload = (who: Browser, files: number, size = 100) =>
        who.request({
          method: 'POST',
          url: `/api/proposals/${proposal}/conversions`,
          ...multipart(Array.from({ length: files }, (_, i) => ({ filename: `f${i}.txt`, content: 'x'.repeat(size) }))),
        })

      t.equal((await upload(visitor, 2)).statusCode, 202)
      const over = await upload(visitor, 2)
      await expectLimited(t, over, /these documents would pass the 3 a minute one visitor or account may upload/)
      t.equal(await count(), 2, 'all or nothing: neither file of the refused request was stored')

      await db.sql`update conversions set status = 'succeeded'`
      const { app: roomy } = await buildTestApp(t, {
        label: label('uploads_bytes'),
        db,
        redisUrl: mode.redisUrl,
        env: { QUOTA_STORED_BYTES: '3000', QUOTA_ACTIVE_CONVERSIONS: '3' },
      })
      const same = new Visitor(roomy, '203.0.113.30')
      same.cookies.set('draftsmith', visitor.cookies.get('draftsmith') as string)
      t.equal(
        (
          await same.request({
            method: 'POST',
            url: `/api/proposals/${proposal}/conversions`,
            ...multipart([{ filename: 'big.txt', content: 'y'.repeat(2500) }]),
          })
        ).statusCode,
        202,
      )
      const full = await same.request({
        method: 'POST',
        url: `/api/proposals/${proposal}/conversions`,
        ...multipart([{ filename: 'more.txt', content: 'z'.repeat(600) }]),
      })
      await expectLimited(
        t,
        full,
        /your documents would take 3\.2 KiB of the 2\.9 KiB one visitor or account may store/,
      )
      t.ok(
        Number(full.headers['retry-after']) > 6 * 86_400 && Number(full.headers['retry-after']) <= 7 * 86_400,
        'Retry-After: when retention removes the visitor’s oldest conversion (ANONYMOUS_RETENTION_DAYS, 7)',
      )

      await db.sql`update conversions set status = 'queued', source_bytes = null`
      const moreQueued = await same.request({
        method: 'POST',
        url: `/api/proposals/${proposal}/conversions`,
        ...multipart([{ filename: 'q.txt', content: 'q' }]),
      })
      await expectLimited(t, moreQueued, /you have 3 documents waiting to be converted or converting/)
      t.equal(await count(), 3)
    })

    t.test('a visitor who sheds its cookie cannot take more of the queue, or jump it (the issue’s case)', async (t) => {
      // The defaults: 10 queued per visitor, 20 per address.
      const { app, db } = await buildTestApp(t, {
        label: label('per_address_queue'),
        redisUrl: mode.redisUrl,
        env: { QUOTA_ACTIVE_CONVERSIONS: '10', QUOTA_ACTIVE_CONVERSIONS_PER_IP: '20' },
      })
      const queue = await app.queue.queue()
      const priorityOf = async (id: string) => (await queue.getJob(id))?.opts.priority
      const uploadAs = async (who: Visitor, files: number) => {
        const proposal = (await who.request({ method: 'POST', url: '/api/proposals', payload: { title: 'q' } })).json()
          .id as string
        return who.request({
          method: 'POST',
          url: `/api/proposals/${proposal}/conversions`,
          ...multipart(Array.from({ length: files }, (_, i) => ({ filename: `f${i}.txt`, content: `file ${i}` }))),
        })
      }
      const a = new Visitor(app, '198.51.100.60')
      t.equal((await uploadAs(a, 10)).statusCode, 202, 'visitor A queues 10')
      await expectLimited(t, await uploadAs(a, 1), /you have 10 documents waiting/)

      // Four new cookie-less visitors from the same address try 10 each.
      const accepted: string[] = []
      for (let i = 0; i < 4; i++) {
        const shed = new Visitor(app, '198.51.100.60')
        for (let j = 0; j < 10; j++) {
          const response = await uploadAs(shed, 1)
          if (response.statusCode === 202) accepted.push(response.json().conversions[0].id)
          else await expectLimited(t, response, /this address has 20 documents waiting to be converted or converting/)
        }
      }
      t.equal(accepted.length, 10, 'the address fills its 20, not 50')
      const queued = await db.sql<{ n: number }[]>`select count(*)::int as n from conversions where status = 'queued'`
      t.equal(queued[0]!.n, 20)
      t.equal(await priorityOf(accepted[0]!), 11, 'a new visitor from that address queues behind its backlog…')

      const honest = new Visitor(app, '192.0.2.61')
      const mine = await uploadAs(honest, 1)
      t.equal(mine.statusCode, 202, 'another address is not limited by this one')
      t.equal(await priorityOf(mine.json().conversions[0].id), 1, '…and an honest visitor’s first file goes first')
    })

    t.test('bytes stored are counted per address too, whoever holds them', async (t) => {
      const { app, db } = await buildTestApp(t, {
        label: label('per_address_bytes'),
        redisUrl: mode.redisUrl,
        env: { QUOTA_STORED_BYTES: '3000', QUOTA_STORED_BYTES_PER_IP: '5000' },
      })
      const store = async (who: Visitor, content: string) => {
        const proposal = (await who.request({ method: 'POST', url: '/api/proposals', payload: { title: 'b' } })).json()
          .id as string
        return who.request({
          method: 'POST',
          url: `/api/proposals/${proposal}/conversions`,
          ...multipart([{ filename: 'f.txt', content }]),
        })
      }
      const first = new Visitor(app, '2001:db8:9::1')
      t.equal((await store(first, 'a'.repeat(2000))).statusCode, 202)
      // What a conversion writes counts as well as what was uploaded.
      await db.sql`update conversions set status = 'succeeded', markdown = ${'m'.repeat(1500)}`
      const second = new Visitor(app, '2001:db8:9::2')
      t.equal((await store(second, 'b'.repeat(1000))).statusCode, 202, 'a new visitor: its own 3000 bytes are free')
      const third = new Visitor(app, '2001:db8:9::3')
      const refused = await store(third, 'c'.repeat(1000))
      await expectLimited(
        t,
        refused,
        /documents uploaded from this address would take 5\.4 KiB of the 4\.9 KiB one address may store/,
      )
      t.equal(await db.sql`select 1 from conversions`.then((rows) => rows.length), 2, 'nothing of it was stored')
      t.ok(
        Number(refused.headers['retry-after']) > 6 * 86_400 && Number(refused.headers['retry-after']) <= 7 * 86_400,
        'Retry-After: when the anonymous conversion expires (ANONYMOUS_RETENTION_DAYS, 7)',
      )
    })

    t.test('retrying a failed conversion counts as uploading it again', async (t) => {
      const { app, db } = await buildTestApp(t, {
        label: label('retry_rate'),
        redisUrl: mode.redisUrl,
        env: { QUOTA_UPLOADS_PER_MINUTE: '2' },
      })
      const visitor = new Visitor(app, '203.0.113.70')
      const proposal = (
        await visitor.request({ method: 'POST', url: '/api/proposals', payload: { title: 'retry' } })
      ).json().id as string
      const accepted = await visitor.request({
        method: 'POST',
        url: `/api/proposals/${proposal}/conversions`,
        ...multipart([{ filename: 'f.txt', content: 'fails' }]),
      })
      const id = accepted.json().conversions[0].id as string
      await db.sql`update conversions set status = 'failed', error = 'it failed'`
      const retry = () => visitor.request({ method: 'POST', url: `/api/conversions/${id}/retry` })
      t.equal((await retry()).statusCode, 202, 'the second document this minute')
      await db.sql`update conversions set status = 'failed', error = 'it failed again'`
      await expectLimited(
        t,
        await retry(),
        /retrying this document would pass the 2 a minute one visitor or account may upload/,
      )
      t.match(
        (await db.sql`select status from conversions where id = ${id}`)[0],
        { status: 'failed' },
        'the refused retry changed nothing',
      )
      const missing = await visitor.request({
        method: 'POST',
        url: '/api/conversions/00000000-0000-4000-8000-000000000000/retry',
      })
      t.equal(missing.statusCode, 404, 'what cannot be retried is refused for what it is, not counted')
    })
  })
}

t.test('the whole instance stores at most STORAGE_TOTAL_BYTES, whoever uploads (507 past it)', async (t) => {
  const env = { STORAGE_TOTAL_BYTES: '3000' }
  const { app, db } = await buildTestApp(t, { label: 'limits_instance_full', env })
  const upload = async (who: Visitor, content: string) => {
    const proposal = (await who.request({ method: 'POST', url: '/api/proposals', payload: { title: 's' } })).json()
      .id as string
    const response = await who.request({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions`,
      ...multipart([{ filename: 'f.txt', content }]),
    })
    return { proposal, response }
  }
  const expectFull = (response: Awaited<ReturnType<typeof upload>>['response'], why: string) => {
    t.equal(response.statusCode, 507, why)
    t.match(response.json(), {
      type: 'urn:draftsmith:problem:instance-full',
      title: 'Insufficient Storage',
      detail: /this instance is full.*nothing was stored/,
    })
  }
  const stored = async () => (await db.sql`select source_name from conversions`).length
  // Two addresses, each far within its own quotas, fill the instance together.
  const a = new Visitor(app, '198.51.100.80')
  const first = await upload(a, 'a'.repeat(2000))
  t.equal(first.response.statusCode, 202)
  t.equal((await upload(new Visitor(app, '203.0.113.80'), 'b'.repeat(900))).response.statusCode, 202)
  expectFull((await upload(new Visitor(app, '192.0.2.80'), 'c'.repeat(200))).response, 'counted in this process')
  t.equal(await stored(), 2, 'nothing accepted was lost, nothing refused was stored')

  // Another web process reads the total from Postgres.
  const { app: other } = await buildTestApp(t, { label: 'limits_instance_full', db, env })
  const late = new Visitor(other, '192.0.2.81')
  expectFull((await upload(late, 'd'.repeat(200))).response, 'read from the database')
  const owner = new Visitor(other, '198.51.100.80')
  owner.cookies.set('draftsmith', a.cookies.get('draftsmith') as string)
  const removed = await owner.request({ method: 'DELETE', url: `/api/proposals/${first.proposal}` })
  t.equal(removed.statusCode, 204)
  t.equal((await upload(late, 'd'.repeat(200))).response.statusCode, 202, 'room again once something is removed')
})

t.test('per-address limits count an IPv6 client by its /64, and an IPv4-mapped address as IPv4', async (t) => {
  t.test('the key', async (t) => {
    t.equal(addressKey('2001:db8:0:1::1'), '2001:db8:0:1::/64')
    t.equal(addressKey('2001:db8:0:1:ffff:ffff:ffff:ffff'), '2001:db8:0:1::/64', 'the whole /64 is one key')
    t.equal(addressKey('2001:0db8:0000:0001:0000:0000:0000:0007'), '2001:db8:0:1::/64', 'however it is written')
    t.not(addressKey('2001:db8:0:2::1'), addressKey('2001:db8:0:1::1'), 'the next /64 is another client')
    t.equal(addressKey('::ffff:203.0.113.5'), '203.0.113.5', 'IPv4-mapped: the IPv4 address')
    t.equal(addressKey('203.0.113.5'), '203.0.113.5')
    t.equal(addressKey('not an address'), 'not an address', 'what is not an address is kept as it is')
  })

  t.test('seven sign-ups from seven addresses of one /64 are seven from one client', async (t) => {
    const { app } = await buildTestApp(t, { label: 'limits_ipv6_signup', env: { SIGNUP_RATE_LIMIT_PER_IP: '5' } })
    const statuses = []
    for (let i = 1; i <= 7; i++)
      statuses.push((await signup(app, `v6-${i}@example.com`, `2001:db8:0:1::${i}`)).statusCode)
    t.same(statuses, [201, 201, 201, 201, 201, 429, 429])
    t.equal((await signup(app, 'v6-8@example.com', '2001:db8:0:2::1')).statusCode, 201, 'the next /64 is not affected')
  })

  t.test('an IPv4 client is one client whether the socket reports it mapped or not', async (t) => {
    const { app } = await buildTestApp(t, { label: 'limits_ipv4_mapped', env: { LOGIN_RATE_LIMIT_PER_IP: '3' } })
    for (const [i, address] of ['203.0.113.9', '::ffff:203.0.113.9', '::ffff:cb00:7109'].entries())
      t.equal((await login(app, `m${i}@example.com`, address)).statusCode, 401)
    await expectLimited(
      t,
      await login(app, 'm@example.com', '203.0.113.9'),
      /too many failed sign-ins from this address/,
    )
  })

  t.test('behind the proxies as configured (Render: two hops), the /64 comes from X-Forwarded-For', async (t) => {
    const { app } = await buildTestApp(t, {
      label: 'limits_ipv6_proxy',
      env: {
        RENDER: 'true',
        NODE_ENV: 'production',
        OPS_TOKEN,
        LOGIN_RATE_LIMIT_PER_IP: '3',
        QUOTA_PROPOSALS_PER_HOUR_PER_IP: '2',
      },
    })
    const fromRender = (client: string, headers: Record<string, string> = {}) => ({
      remoteAddress: '10.21.157.68',
      headers: { 'x-forwarded-for': `${client}, 2606:4700::6812:1128`, 'x-forwarded-proto': 'https', ...headers },
    })
    const seen = await app.inject({
      method: 'GET',
      url: '/api/ops/client-address',
      ...fromRender('2001:db8:aa:bb:1:2:3:4', { authorization: `Bearer ${OPS_TOKEN}` }),
    })
    t.match(seen.json(), { ip: '2001:db8:aa:bb:1:2:3:4', limitKey: '2001:db8:aa:bb::/64' })
    for (let i = 1; i <= 3; i++) {
      const failed = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `p${i}@example.com`, password: 'wrong password here' },
        ...fromRender(`2001:db8:aa:bb::${i}`),
      })
      t.equal(failed.statusCode, 401)
    }
    const fourth = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'p4@example.com', password: 'wrong password here' },
      ...fromRender('2001:db8:aa:bb:ffff::9'),
    })
    t.equal(fourth.statusCode, 429, 'a fourth address of the same /64 is the same client')

    // Proposals (and so every quota keyed like them) count per /64 too, whichever visitor asks.
    const create = (client: string) =>
      app.inject({ method: 'POST', url: '/api/proposals', payload: { title: 'x' }, ...fromRender(client) })
    t.equal((await create('2001:db8:cc:dd::1')).statusCode, 201)
    t.equal((await create('2001:db8:cc:dd::2')).statusCode, 201)
    await expectLimited(t, await create('2001:db8:cc:dd::3'), /this address has created 2 proposals/)
  })

  t.test('uploads in progress are counted per /64', async (t) => {
    const { app } = await buildTestApp(t, { label: 'limits_ipv6_inflight', env: { UPLOADS_IN_FLIGHT_PER_CLIENT: '1' } })
    const visitor = new Visitor(app, '2001:db8:0:5::1')
    const proposal = (await visitor.request({ method: 'POST', url: '/api/proposals', payload: { title: 'x' } })).json()
      .id as string
    // One upload held open (its body has not ended) from one address of the /64…
    const body = new PassThrough()
    const held = app.inject({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions`,
      remoteAddress: '2001:db8:0:5::1',
      headers: { ...multipart([]).headers, cookie: `draftsmith=${visitor.cookies.get('draftsmith')}` },
      payload: body,
    })
    await new Promise((r) => setTimeout(r, 200))
    // …and a second one from another address of it is refused before its body is read.
    const other = new Visitor(app, '2001:db8:0:5::2')
    other.cookies.set('draftsmith', visitor.cookies.get('draftsmith') as string)
    const second = await other.request({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions`,
      ...multipart([{ filename: 'a.txt', content: 'a' }]),
    })
    await expectLimited(t, second, /this address already has 1 uploads in progress/)
    body.end()
    t.equal((await held).statusCode, 400, 'the held upload ends (its body was not multipart)')
  })
})

t.test('on Render the client is two proxies out, and a forged X-Forwarded-For cannot choose it', async (t) => {
  const base = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://root@127.0.0.1:5432/test',
    SESSION_SECRET: SECRET,
    LOG_LEVEL: 'silent',
  }
  t.equal(loadConfig({ ...base, RENDER: 'true' }).trustProxy, 2, 'Render: Cloudflare, then Render’s proxy')
  t.equal(loadConfig(base).trustProxy, 1, 'elsewhere in production: one reverse proxy')
  t.equal(loadConfig({ ...base, NODE_ENV: 'development' }).trustProxy, false, 'in development: none')
  t.equal(loadConfig({ ...base, TRUST_PROXY: '3' }).trustProxy, 3)

  const { app } = await buildTestApp(t, {
    label: 'limits_proxy',
    env: { RENDER: 'true', NODE_ENV: 'production', OPS_TOKEN, LOGIN_RATE_LIMIT_PER_IP: '3' },
  })
  // What reaches the service on Render: the socket is Render's proxy, the last entry Cloudflare's edge.
  const asOnRender = (forgedByClient: string[], client: string) => ({
    remoteAddress: '10.21.157.68',
    headers: {
      'x-forwarded-for': [...forgedByClient, client, '104.22.17.40'].join(', '),
      'x-forwarded-proto': 'https',
    },
  })
  const seen = await app.inject({
    method: 'GET',
    url: '/api/ops/client-address',
    ...asOnRender(['1.1.1.1'], '99.61.165.29'),
    headers: { ...asOnRender(['1.1.1.1'], '99.61.165.29').headers, authorization: `Bearer ${OPS_TOKEN}` },
  })
  t.match(seen.json(), {
    ip: '99.61.165.29',
    chain: ['10.21.157.68', '104.22.17.40', '99.61.165.29', '1.1.1.1'],
    trustProxy: '2',
  })

  for (let i = 0; i < 3; i++) {
    const forged = asOnRender([`6.6.6.${i}`], '99.61.165.30')
    t.equal(
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: `x${i}@example.com`, password: 'wrong password here' },
          ...forged,
        })
      ).statusCode,
      401,
    )
  }
  const still = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'y@example.com', password: 'wrong password here' },
    ...asOnRender(['7.7.7.7'], '99.61.165.30'),
  })
  t.equal(still.statusCode, 429, 'a new forged first entry each time does not make a new address')
  const neighbour = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'y@example.com', password: 'wrong password here' },
    ...asOnRender([], '99.61.165.31'),
  })
  t.equal(neighbour.statusCode, 401, 'another client behind the same Cloudflare edge is a different address')
})
