import { startTcpProxy } from '@draftsmith/test-support'
import t from 'tap'
import { Browser, buildTestApp, migratedDatabase } from '../../helpers/app.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test(
  'a PostgreSQL that stops answering: requests fail with 503 instead of queueing, then recover (issue 22)',
  async (t) => {
    const db = await migratedDatabase(t, 'db_outage')
    const proxy = await startTcpProxy(t, 5432)
    const viaProxy = new URL(db.databaseUrl)
    viaProxy.host = `127.0.0.1:${proxy.port}`
    const { app } = await buildTestApp(t, { label: 'db_outage', db: { ...db, databaseUrl: viaProxy.toString() } })
    const browser = new Browser(app)
    t.equal((await browser.signup('outage@example.com')).statusCode, 201)
    const list = () => browser.request({ method: 'GET', url: '/api/proposals' })
    t.equal((await list()).statusCode, 200)

    // Connections are accepted and never answered: the pool's ten connections wait out their
    // connect timeout, and everything else used to queue behind them, ten requests per timeout.
    await proxy.stall()
    const burst = Promise.all(Array.from({ length: 60 }, list))
    const outcome = await Promise.race([burst, sleep(12_000).then(() => 'still waiting' as const)])
    if (outcome === 'still waiting') {
      t.fail('requests were still waiting for a connection while the database stalled')
      await proxy.restore()
      await burst
      return
    }
    t.same([...new Set(outcome.map((r) => r.statusCode))], [503], 'every request answered 503')
    const problem = outcome[0]
    t.match(problem?.headers['content-type'], /application\/problem\+json/)
    t.equal(problem?.headers['retry-after'], '5')

    // Refused connections (the server process gone) fail as fast.
    await proxy.cut()
    t.same([...new Set((await Promise.all(Array.from({ length: 30 }, list))).map((r) => r.statusCode))], [503])

    await proxy.restore()
    let back = await list()
    for (let i = 0; i < 50 && back.statusCode !== 200; i++) {
      await sleep(100)
      back = await list()
    }
    t.equal(back.statusCode, 200, 'answers again once PostgreSQL is back, without a restart')
    t.same([...new Set((await Promise.all(Array.from({ length: 30 }, list))).map((r) => r.statusCode))], [200])
  },
)
