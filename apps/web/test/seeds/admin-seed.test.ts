import t from 'tap'
import { seedAdmin, SeedInputError } from '../../src/seeds/admin-seed.js'
import { Browser, buildTestApp, migratedDatabase } from '../helpers/app.js'

t.test('the admin seed runs once per database, even when started twice at once', async (t) => {
  const db = await migratedDatabase(t, 'seed')
  await t.rejects(seedAdmin(db.db, undefined, undefined), SeedInputError, 'missing env: refused…')
  const [{ n: none }] = (await db.sql`select count(*)::int as n from seed_runs`) as unknown as [{ n: number }]
  t.equal(none, 0, '…and not recorded as run')

  const [first, second] = await Promise.all([
    seedAdmin(db.db, 'root@example.com', 'first password 123'),
    seedAdmin(db.db, 'root@example.com', 'second password 456'),
  ])
  t.same([first.ran, second.ran].sort(), [false, true], 'exactly one of two concurrent runs seeds')
  const again = await seedAdmin(db.db, 'other@example.com', 'another password')
  t.match(again, { ran: false, details: { email: 'root@example.com' } })
  const admins = await db.sql<{ email: string; role: string }[]>`select email, role from users`
  t.same(admins, [{ email: 'root@example.com', role: 'admin' }])

  const { app } = await buildTestApp(t, { label: 'seed', db })
  const winner = first.ran ? 'first password 123' : 'second password 456'
  t.equal((await new Browser(app).login('root@example.com', winner)).json().user.role, 'admin')
})

t.test('the seed never takes over an account someone created first (issue 8, finding 4)', async (t) => {
  const db = await migratedDatabase(t, 'seed_squat')
  const { app } = await buildTestApp(t, { label: 'seed_squat', db })
  const squatter = new Browser(app)
  t.equal((await squatter.signup('Future.Admin@example.com', 'the squatter password')).statusCode, 201)

  await t.rejects(seedAdmin(db.db, 'future.admin@example.com', 'the real admin password'), {
    name: 'SeedInputError',
    message: /already exists.*never takes over/,
  })
  const [account] = await db.sql<
    { role: string }[]
  >`select role from users where lower(email) = 'future.admin@example.com'`
  t.equal(account?.role, 'user', 'the account stays what it was')
  t.equal(
    (await squatter.request({ method: 'GET', url: '/api/auth/me' })).json().user.role,
    'user',
    'its sessions gain nothing',
  )
  t.equal((await squatter.request({ method: 'GET', url: '/api/ops/sessions/stats' })).statusCode, 403)
  const [{ n }] = (await db.sql`select count(*)::int as n from seed_runs`) as unknown as [{ n: number }]
  t.equal(n, 0, 'not recorded as run: the operator can run it again with another address')

  t.match(await seedAdmin(db.db, 'admin@example.com', 'the real admin password'), { ran: true })
  t.equal((await new Browser(app).login('admin@example.com', 'the real admin password')).json().user.role, 'admin')
})
