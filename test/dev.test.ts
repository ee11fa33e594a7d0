import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { freePort, sharedRedisUrl, uniquePrefix } from '@draftsmith/test-support'
import { cleanCopy } from './helpers/clean-copy.js'
import { startDev, type DevProcess } from './helpers/dev-process.js'

// The README's first line, `pnpm install && pnpm dev`, done the way a newcomer does it: a clean
// copy of the tree, no DATABASE_URL or REDIS_URL, and Ctrl-C at the end. It was broken for eighty
// commits once because nothing ran it (issue 16).
const linux = existsSync('/proc/self/environ')
const redis = await sharedRedisUrl()
const fixture = (name: string) => readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url))

/** A client with one cookie jar, talking to the dev web service over HTTP. */
function client(base: string) {
  let cookie = ''
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${path}`, { ...init, headers: { ...init.headers, cookie } })
    const set = response.headers.getSetCookie()[0]
    if (set) cookie = set.split(';')[0] ?? ''
    return response
  }
  return {
    call,
    cookie: () => cookie,
    useCookie: (value: string) => (cookie = value),
    json: (path: string, body: unknown) =>
      call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  }
}

/** Upload through the API, as the first page does, and wait for the worker's Markdown. */
async function convertDocx(api: ReturnType<typeof client>): Promise<string> {
  const proposal = (await (await api.json('/api/proposals', { title: 'First steps' })).json()) as { id: string }
  const form = new FormData()
  form.append('file', new Blob([fixture('proposal.docx')]), 'proposal.docx')
  const accepted = await api.call(`/api/proposals/${proposal.id}/conversions`, { method: 'POST', body: form })
  if (accepted.status !== 202) throw new Error(`upload: ${accepted.status} ${await accepted.text()}`)
  const [conversion] = ((await accepted.json()) as { conversions: Array<{ id: string }> }).conversions
  const deadline = Date.now() + 120_000
  for (;;) {
    const state = (await (await api.call(`/api/conversions/${conversion!.id}`)).json()) as { status: string }
    if (state.status === 'succeeded') break
    if (state.status === 'failed' || Date.now() > deadline) throw new Error(`conversion ${JSON.stringify(state)}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return (await api.call(`/api/conversions/${conversion!.id}/markdown`)).text()
}

/** Ctrl-C, then: everything it started has exited, within the bound the issue sets. */
async function stopsOnCtrlC(t: Test, dev: DevProcess): Promise<void> {
  dev.interrupt()
  const bound = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000).unref())
  const result = await Promise.race([dev.exit, bound])
  t.not(result, 'still running', 'pnpm dev exits within 30 s of Ctrl-C')
  t.same(
    await dev.survivors(),
    [],
    'nothing it started is still running: no postgres, tsx, esbuild or converter process',
  )
  t.notMatch(dev.output(), /ERROR|FATAL|Error:/, 'stopping logs no error')
}

async function devEnv(extra: Record<string, string> = {}) {
  return { PORT: String(await freePort()), DEV_POSTGRES_PORT: String(await freePort()), ...extra }
}

t.test('pnpm install && pnpm dev, on a clean copy', { skip: linux ? false : 'reads /proc' }, async (t) => {
  const dir = cleanCopy(t, 'dev')
  const env = await devEnv()
  const base = `http://127.0.0.1:${env.PORT}`
  let password = ''
  let adminCookie = ''

  await t.test('Postgres only: starts, converts a DOCX, and Ctrl-C stops everything', async (t) => {
    const dev = startDev(t, dir, env)
    const open = await dev.waitFor('[dev] open ')
    const login = /admin: (\S+) \/ (\S+)/.exec(open)
    t.ok(login, `prints the address and the admin login: ${open}`)
    t.match(open, base)
    password = login![2]!
    t.match(await dev.waitFor('[dev] mode: '), /Postgres only/)

    t.equal((await fetch(`${base}/health`)).status, 200, 'the web answers /health')
    const visitor = client(base)
    t.match(await convertDocx(visitor), /# Quarterly Proposal/, 'a DOCX converts: the worker is running')

    const admin = client(base)
    const signedIn = await admin.json('/api/auth/login', { email: login![1], password })
    t.equal(signedIn.status, 200, 'the printed admin login signs in')
    adminCookie = admin.cookie()

    await stopsOnCtrlC(t, dev)
  })

  await t.test('a second pnpm dev reuses .data/: the same admin password, sessions kept', async (t) => {
    t.ok(existsSync(join(dir, '.data', 'postgres', 'PG_VERSION')), 'the database is kept under .data/')
    const dev = startDev(t, dir, env)
    const open = await dev.waitFor('[dev] open ')
    t.match(open, `/ ${password}`, 'the same admin password')
    t.match(dev.output(), /admin already seeded/)
    t.notMatch(dev.output(), /creating a PostgreSQL cluster/)
    const admin = client(base)
    admin.useCookie(adminCookie)
    const me = await admin.call('/api/auth/me')
    t.equal(me.status, 200, 'the session from the first run still signs the admin in')
    t.match(await me.json(), { user: { role: 'admin' } })
    await stopsOnCtrlC(t, dev)
  })

  await t.test(
    'with REDIS_URL: sessions cache and queue on Redis',
    { skip: 'skip' in redis && redis.skip },
    async (t) => {
      if (!('url' in redis)) return
      const prefix = uniquePrefix('dev')
      const dev = startDev(t, dir, {
        ...env,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: prefix,
        QUEUE_PREFIX: `${prefix}bull`,
      })
      t.match(await dev.waitFor('[dev] mode: '), /Redis for sessions cache and queue/)
      t.match(await convertDocx(client(base)), /# Quarterly Proposal/, 'a DOCX converts through the Redis queue')
      await stopsOnCtrlC(t, dev)
    },
  )

  await t.test('a port already in use: one line that says so and how to pick another', async (t) => {
    const taken = createServer().listen(0, '127.0.0.1')
    await new Promise((resolve) => taken.once('listening', resolve))
    t.teardown(() => taken.close())
    const port = (taken.address() as { port: number }).port
    const dev = startDev(t, dir, { ...env, PORT: String(port) })
    t.equal(await dev.exit, 1, 'exits 1')
    const said = dev
      .output()
      .split('\n')
      .filter((line) => line.startsWith('[dev]'))
    t.same(said, [
      `[dev] port ${port} is already in use (another \`pnpm dev\`?): stop what uses it, or pick another port: PORT=${port + 1} pnpm dev`,
    ])
    t.notMatch(dev.output(), /^\s+at /m, 'no stack trace')
    t.same(await dev.survivors(), [], 'and started nothing')
  })
})
