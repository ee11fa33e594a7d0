import { fileURLToPath } from 'node:url'
import t from 'tap'
import { demoId, demoOwnerEmail, DemoOwnerMissingError, loadDemoData } from '@draftsmith/db/demo-data'
import { baseEnv, runNode } from '@draftsmith/test-support'
import { Browser, buildTestApp, migratedDatabase } from '../helpers/app.js'

const seedPath = fileURLToPath(new URL('../../dist/seed.js', import.meta.url))

async function counts(db: {
  sql: import('postgres').Sql
}): Promise<{ proposals: number; conversions: number; users: number }> {
  const [row] = await db.sql<{ proposals: number; conversions: number; users: number }[]>`
    select (select count(*)::int from proposals) as proposals, (select count(*)::int from conversions) as conversions, (select count(*)::int from users) as users`
  return row!
}

t.test('demo data: COPY-loaded, deterministic, safe to run twice — even at once', async (t) => {
  const db = await migratedDatabase(t, 'demo_data')
  const first = await loadDemoData(db.sql, { proposals: 400 })
  t.match(first, { ownerEmail: demoOwnerEmail, inserted: { proposals: 400, conversions: 1200 }, copied: 1600 })
  t.same(await counts(db), { proposals: 400, conversions: 1200, users: 1 })

  const again = await loadDemoData(db.sql, { proposals: 400 })
  t.same(again.inserted, { proposals: 0, conversions: 0 }, 'a second run adds nothing')
  const [grown, racing] = await Promise.all([
    loadDemoData(db.sql, { proposals: 600 }),
    loadDemoData(db.sql, { proposals: 600 }),
  ])
  t.equal(
    grown.inserted.proposals + racing.inserted.proposals,
    200,
    'two concurrent runs add the missing 200 once between them',
  )
  t.same(await counts(db), { proposals: 600, conversions: 1800, users: 1 })

  const [row] = await db.sql<
    { id: string; owner: string }[]
  >`select p.id, u.email as owner from proposals p join users u on u.id = p.owner_user_id order by p.created_at desc limit 1`
  t.equal(row?.id, demoId('proposal', 0), 'ids are name-based: the same on every run')
  t.match(row?.id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a version 5 UUID')
  const statuses = await db.sql<{ status: string; n: number; without_bytes: number }[]>`
    select status, count(*)::int as n, count(*) filter (where source_bytes is null)::int as without_bytes from conversions group by status order by status`
  t.same(
    statuses,
    [
      { status: 'succeeded', n: 1620, without_bytes: 1620 },
      { status: 'failed', n: 180, without_bytes: 180 },
    ],
    'only finished conversions: nothing for the worker or the stuck-conversion sweep to pick up',
  )
  const [markdown] = await db.sql<
    { markdown: string }[]
  >`select markdown from conversions where id = ${demoId('conversion', 0, 0)}`
  t.match(
    markdown?.markdown,
    /^# Quarterly report #1\n\n.*`pnpm db:seed --demo`.*\n\n## Points\n\n- first point\n.*\| a \| 0 \|\n/s,
    'newlines, pipes and backticks survive COPY',
  )
  const [run] = await db.sql<{ details: Record<string, unknown> }[]>`select details from seed_runs where name = 'demo'`
  t.same(run?.details, { proposals: 600, conversionsPerProposal: 3, owner: demoOwnerEmail })

  const { app } = await buildTestApp(t, { label: 'demo_data', db })
  t.equal(
    (await new Browser(app).login(demoOwnerEmail, 'any password at all')).statusCode,
    401,
    'nobody signs in as the demo account',
  )
})

t.test('demo data for an existing account: readable through the API', async (t) => {
  const { app, db } = await buildTestApp(t, { label: 'demo_owner' })
  const me = new Browser(app)
  await me.signup('me@example.com')
  await t.rejects(loadDemoData(db.sql, { proposals: 5, ownerEmail: 'nobody@example.com' }), DemoOwnerMissingError)
  t.same(await counts(db), { proposals: 0, conversions: 0, users: 1 }, 'a missing owner loads nothing')
  t.match(await loadDemoData(db.sql, { proposals: 12, ownerEmail: 'ME@example.com' }), {
    ownerEmail: 'me@example.com',
    inserted: { proposals: 12, conversions: 36 },
  })
  const list = (await me.request({ method: 'GET', url: '/api/proposals' })).json() as {
    proposals: Array<{ id: string }>
  }
  t.equal(list.proposals.length, 12)
  const markdown = await me.request({ method: 'GET', url: `/api/conversions/${demoId('conversion', 0, 0)}/markdown` })
  t.equal(markdown.statusCode, 200)
  t.match(markdown.body, /^# Quarterly report #1/)
  t.equal(
    (await new Browser(app).request({ method: 'GET', url: `/api/proposals/${demoId('proposal', 0)}` })).statusCode,
    404,
    'still private to its owner',
  )
})

t.test('pnpm db:seed --demo N: prints the rate; bad arguments exit 2 and write nothing', async (t) => {
  const db = await migratedDatabase(t, 'demo_cli')
  const env = baseEnv({ DATABASE_URL: db.databaseUrl })
  const loaded = await runNode(seedPath, ['--demo', '250'], env)
  t.equal(loaded.code, 0, loaded.stderr)
  t.match(
    loaded.stdout,
    /^seed --demo: 250 proposals and 750 conversions added for demo@draftsmith\.local in \d+\.\d\d s \([\d,]+ rows\/s through COPY\); 0 rows were already there\n$/,
  )
  const twice = await runNode(seedPath, ['--demo=250'], env)
  t.match(twice.stdout, /: 0 proposals and 0 conversions added .*; 1000 rows were already there/)

  for (const [args, message] of [
    [['--demo', 'abc'], /--demo needs a number of proposals from 1 to 1000000, not "abc"/],
    [['--demo', '0'], /not "0"/],
    [['--demo', '1e3'], /not "1e3"/],
    [['--demo', '2000000'], /not "2000000"/],
    [['--demo'], /argument missing|--demo <value>|requires/i],
    [['--demo', '5', '--owner', 'ghost@example.com'], /no account with the email ghost@example\.com: sign up first/],
    [['--owner', 'me@example.com'], /--demo needs a number/],
    [['--dmeo', '5'], /Unknown option '--dmeo'/],
  ] as const) {
    const result = await runNode(seedPath, [...args], env)
    t.equal(result.code, 2, `${args.join(' ')} → exit 2`)
    t.match(result.stderr, message, `${args.join(' ')}: says why`)
    t.match(result.stderr, /usage: pnpm db:seed|sign up first/)
  }
  t.same(await counts(db), { proposals: 250, conversions: 750, users: 1 }, 'nothing written by the refused runs')

  const noDatabase = await runNode(seedPath, ['--demo', '5'], baseEnv({ DATABASE_URL: '' }))
  t.equal(noDatabase.code, 2)
  t.match(noDatabase.stderr, /DATABASE_URL/)
})
