/**
 * Scenario 8: the access matrix. Every route the app registers (read from the app, see
 * app-routes.ts) is requested as each case of access-rules.ts — another user, a visitor, no
 * session, a revoked, expired, forged or replayed session, a demoted admin — and each answer is
 * held to the table's status; no answer to anyone but the owner may carry the owner's data.
 * Requests only: two small pages with a picture are converted so that there is something to read.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { appRoutes, type AppRoute } from '../app-routes.js'
import { cases, ruleFor, type Case, type Expect } from '../access-rules.js'
import { Client, nextAddress, Tally } from '../load.js'
import { crashed, sleep, type Row } from '../outcomes.js'
import type { Profile } from '../profile.js'
import { repoRoot, type Stack } from '../stack.js'

/** How long a web trusts an account's role (apps/web/src/auth/role-cache.ts) and a session in its memory (SESSION_LOCAL_CACHE_MS). */
const ROLE_TTL_MS = 3000
const LOCAL_SESSION_CACHE_MS = 2000
/** Requests in flight at once. */
const PARALLEL = 8
/** Run last, in this order: each takes away something the other requests use. */
const destructive = [
  'DELETE /api/proposals/:id',
  'DELETE /api/auth/sessions/:id',
  'POST /api/auth/sessions/revoke-others',
  'POST /api/auth/logout',
]
const password = 'correct horse battery staple'

interface Ids {
  proposal: string
  conversion: string
  asset: string
  /** One of the owner's sessions (sessions.id), for DELETE /api/auth/sessions/:id. */
  session: string
}

interface Identity {
  cookie: string | undefined
  address: string
  ids: Ids
}

/** A small page with a picture: its conversion has Markdown, an asset and a bundle to ask for. */
function page(secret: string): Blob {
  const pixel = readFileSync(join(repoRoot, 'fixtures/documents/pixel.png')).toString('base64')
  return new Blob([`<h1>${secret}</h1><p>${secret}</p><img alt="pixel" src="data:image/png;base64,${pixel}">`], {
    type: 'text/html',
  })
}

function fill(url: string, ids: Ids): string {
  const id = url.startsWith('/api/auth/sessions/')
    ? ids.session
    : url.startsWith('/api/proposals/') || url.startsWith('/proposals/')
      ? ids.proposal
      : ids.conversion
  return url
    .replace(':id', id)
    .replace(':name', ids.asset)
    .replace(':queueName', 'conversions')
    .replace(':jobId', ids.conversion)
    .replace(':queueStatus', 'failed')
    .replace(':schedulerId', 'stuck-conversions')
    .replace('*', 'not-a-file.js')
}

function cookieOf(client: Client): string | undefined {
  const [entry] = client.cookies
  return entry ? `${entry[0]}=${entry[1]}` : undefined
}

/** The same session token under a signature made with a secret that is not the server's. */
function forge(cookie: string): string {
  const eq = cookie.indexOf('=')
  const value = decodeURIComponent(cookie.slice(eq + 1))
  const token = value.slice(0, value.lastIndexOf('.'))
  const signature = createHmac('sha256', randomBytes(32)).update(token).digest('base64').replace(/=+$/, '')
  return `${cookie.slice(0, eq)}=${encodeURIComponent(`${token}.${signature}`)}`
}

/** A session's expiry moved into the past where it is kept: the `sessions` row and Redis's copy. */
async function expire(stack: Stack, sessionId: string): Promise<void> {
  const sql = stack.client(1)
  await sql`update sessions set expires_at = now() - interval '1 second' where id = ${sessionId}`
  await sql.end({ timeout: 1 })
  if (!stack.redisUrl) return
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true })
  try {
    await redis.connect()
    const key = `draftsmith:session:${sessionId}`
    const cached = await redis.get(key)
    const bar = cached?.indexOf('|') ?? -1
    if (cached && bar > 0) {
      const record = JSON.parse(cached.slice(bar + 1)) as { expiresAt: number }
      record.expiresAt = Date.now() - 1000
      await redis.set(key, `${cached.slice(0, bar)}|${JSON.stringify(record)}`, 'KEEPTTL')
    }
  } finally {
    redis.disconnect()
  }
}

/** One request to the web as the proxy forwards it; the answer's status and (text) body. */
async function direct(
  port: number,
  agent: Agent,
  method: string,
  path: string,
  identity: Identity,
  body: { json?: unknown; form?: FormData },
): Promise<{ status: number; ms: number; body: string }> {
  const headers: Record<string, string> = {
    'x-forwarded-for': `${identity.address}, 127.0.0.1`,
    'x-forwarded-proto': 'https',
  }
  if (identity.cookie) headers.cookie = identity.cookie
  let payload: Buffer | undefined
  if (body.json !== undefined) {
    headers['content-type'] = 'application/json'
    payload = Buffer.from(JSON.stringify(body.json))
  } else if (body.form) {
    const encoded = new Request('http://form.invalid', { method: 'POST', body: body.form })
    headers['content-type'] = encoded.headers.get('content-type') as string
    payload = Buffer.from(await encoded.arrayBuffer())
  }
  if (payload) headers['content-length'] = String(payload.length)
  const started = performance.now()
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: performance.now() - started,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
      res.on('error', () => resolve({ status: 0, ms: performance.now() - started, body: '' }))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, body: '' }))
    req.end(payload)
  })
}

function bodyFor(route: AppRoute, who: Case, secrets: Record<'alice' | 'vera', string>, email: string) {
  const key = `${route.method} ${route.url}`
  if (key === 'POST /api/auth/signup' || key === 'POST /api/auth/login')
    return { json: { email, password: 'not the right password at all' } }
  if (key === 'POST /api/proposals') return { json: { title: `matrix ${who}` } }
  if (key === 'PATCH /api/proposals/:id')
    return {
      json: {
        title: who === 'owner' ? secrets.alice : who === 'visitorOwner' ? secrets.vera : 'taken over',
      },
    }
  if (key === 'POST /api/proposals/:id/conversions') {
    const form = new FormData()
    form.append('file', new Blob(['# matrix\n'], { type: 'text/markdown' }), 'matrix.md')
    return { form }
  }
  return route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH' ? { json: {} } : {}
}

function meets(expect: Expect, status: number): boolean {
  if (typeof expect === 'number') return status === expect
  if (expect === 'allowed') return status > 0 && status < 500 && status !== 401 && status !== 403
  return status > 0 && status < 500
}

export async function accessMatrix(stack: Stack, profile: Profile): Promise<Row> {
  const base = `http://127.0.0.1:${stack.proxy.port}`
  const tag = randomBytes(4).toString('hex')
  const secrets = { alice: `alice-secret-${tag}`, vera: `vera-secret-${tag}` }
  const email = `alice-${tag}@bench.example`
  const routes = appRoutes(stack.databaseUrl)
  routes.catch(() => {})

  // The people, and what Alice and Vera own. Carol is made an admin as an operator would, in the
  // database, before she first asks for anything.
  const sql = stack.client(1)
  const alice = new Client(base)
  const signup = await alice.request('POST', '/api/auth/signup', { json: { email, password } })
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${signup.body}`)
  const owned = async (owner: Client, secret: string) => {
    const proposal = owner.json<{ id: string }>(
      await owner.request('POST', '/api/proposals', { json: { title: secret } }),
    )?.id as string
    const form = new FormData()
    form.append('file', page(secret), `${secret}.html`)
    const upload = await owner.request('POST', `/api/proposals/${proposal}/conversions`, { form })
    const conversion = owner.json<{ conversions: { id: string }[] }>(upload)?.conversions?.[0]?.id
    if (!conversion) throw new Error(`upload: ${upload.status} ${upload.body}`)
    return { proposal, conversion }
  }
  const [vera, victor, bob, carol] = [new Client(base), new Client(base), new Client(base), new Client(base)]
  const aliceAgain = {
    spare: new Client(base),
    revoked: new Client(base),
    expired: new Client(base),
    replayed: new Client(base),
  }
  const [aliceOwns, veraOwns] = await Promise.all([
    owned(alice, secrets.alice),
    owned(vera, secrets.vera),
    victor.request('POST', '/api/proposals', { json: { title: 'victor' } }),
    bob.request('POST', '/api/auth/signup', { json: { email: `bob-${tag}@bench.example`, password } }),
    carol
      .request('POST', '/api/auth/signup', { json: { email: `carol-${tag}@bench.example`, password } })
      .then(() => sql`update users set role = 'admin' where email = ${`carol-${tag}@bench.example`}`),
    ...Object.values(aliceAgain).map((c) => c.request('POST', '/api/auth/login', { json: { email, password } })),
  ])

  // Alice's other sessions, each alive first, then revoked from her first one, expired, logged out of.
  const alive = await Promise.all(Object.values(aliceAgain).map((c) => c.request('GET', '/api/auth/me')))
  const listed = alice.json<{ sessions: { id: string; ip: string }[] }>(
    await alice.request('GET', '/api/auth/sessions'),
  )
  const sessionOf = (c: Client) => listed?.sessions.find((s) => s.ip === c.address)?.id as string
  const revoked = await alice.request('DELETE', `/api/auth/sessions/${sessionOf(aliceAgain.revoked)}`)
  await expire(stack, sessionOf(aliceAgain.expired))
  const expiredAt = Date.now()
  const replayedCookie = cookieOf(aliceAgain.replayed)
  const loggedOut = await aliceAgain.replayed.request('POST', '/api/auth/logout')

  // Both conversions done, and the picture each has.
  const deadline = Date.now() + profile.settleMs
  let assets: string[] = []
  while (Date.now() < deadline) {
    const found = await Promise.all(
      [
        [alice, aliceOwns.conversion],
        [vera, veraOwns.conversion],
      ].map(async ([owner, id]) => {
        const answer = await (owner as Client).request('GET', `/api/conversions/${id as string}`)
        return (owner as Client).json<{ assets?: { name: string }[] }>(answer)?.assets?.[0]?.name
      }),
    )
    if (found.every((name) => name !== undefined)) {
      assets = found as string[]
      break
    }
    await sleep(100)
  }

  const aliceIds: Ids = { ...aliceOwns, asset: assets[0] ?? 'image-1.png', session: sessionOf(aliceAgain.spare) }
  const veraIds: Ids = { ...veraOwns, asset: assets[1] ?? 'image-1.png', session: aliceIds.session }
  const aliceCookie = cookieOf(alice) as string
  const who: Record<Case, Identity> = {
    owner: { cookie: aliceCookie, address: alice.address, ids: aliceIds },
    visitorOwner: { cookie: cookieOf(vera), address: vera.address, ids: veraIds },
    admin: { cookie: cookieOf(carol), address: carol.address, ids: aliceIds },
    user: { cookie: cookieOf(bob), address: bob.address, ids: aliceIds },
    visitor: { cookie: cookieOf(victor), address: victor.address, ids: aliceIds },
    visitorIds: { cookie: cookieOf(victor), address: victor.address, ids: veraIds },
    none: { cookie: undefined, address: nextAddress(), ids: aliceIds },
    revoked: { cookie: cookieOf(aliceAgain.revoked), address: aliceAgain.revoked.address, ids: aliceIds },
    expired: { cookie: cookieOf(aliceAgain.expired), address: aliceAgain.expired.address, ids: aliceIds },
    forged: { cookie: forge(aliceCookie), address: nextAddress(), ids: aliceIds },
    replayed: { cookie: replayedCookie, address: aliceAgain.replayed.address, ids: aliceIds },
    demoted: { cookie: cookieOf(carol), address: carol.address, ids: aliceIds },
  }

  const all = await routes
  const unruled = all.filter((r) => ruleFor(r.method, r.url) === undefined)
  const tally = new Tally()
  const answers: Array<{ route: AppRoute; who: Case; path: string; expect: Expect; status: number; body: string }> = []
  const leaks: string[] = []
  const markers: Array<[string, Case]> = [
    [secrets.alice, 'owner'],
    [email, 'owner'],
    [aliceIds.session, 'owner'],
    [secrets.vera, 'visitorOwner'],
  ]

  // Straight to the web, as the proxy would send it (the client's address, then the proxy's): the
  // matrix is about the app, and a direct request costs a third of one through both hops.
  const web = stack.webs[0]?.port as number
  const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL })
  const send = async (route: AppRoute, c: Case) => {
    const expect = (ruleFor(route.method, route.url) as Record<Case, Expect>)[c]
    if (expect === 'skip') return
    const identity = who[c]
    const path = fill(route.url, identity.ids)
    const answer = await direct(web, agent, route.method, path, identity, bodyFor(route, c, secrets, email))
    tally.add({ ...answer, body: '', headers: undefined })
    answers.push({ route, who: c, path, expect, status: answer.status, body: answer.body.slice(0, 200) })
    if (answer.status >= 200 && answer.status < 300)
      for (const [marker, owner] of markers)
        if (c !== owner && answer.body.includes(marker))
          leaks.push(`${c} ${route.method} ${path}: has ${owner}'s ${marker === email ? 'email' : 'data'}`)
  }
  const run = async (work: Array<[AppRoute, Case]>) => {
    let next = 0
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < work.length) {
          const [route, c] = work[next++] as [AppRoute, Case]
          await send(route, c)
        }
      }),
    )
  }
  const ruled = all.filter((r) => !unruled.includes(r) && (profile.matrixHead || r.method !== 'HEAD'))
  const isDestructive = (r: AppRoute) => destructive.includes(`${r.method} ${r.url}`)
  const plain = ruled.filter((r) => !isDestructive(r))
  const grid = (rs: AppRoute[], cs: readonly Case[]) => rs.flatMap((r) => cs.map((c) => [r, c] as [AppRoute, Case]))

  // The admin's control first, then she is demoted while signed in; the others meanwhile; the
  // demoted and expired sessions once every cache that could remember them has let go.
  await run(grid(plain, ['admin']))
  await sql`update users set role = 'user' where email = ${`carol-${tag}@bench.example`}`
  const demotedAt = Date.now()
  const later: Case[] = ['expired', 'demoted']
  await run(
    grid(
      plain,
      cases.filter((c) => c !== 'admin' && !later.includes(c)),
    ),
  )
  await sleep(Math.max(demotedAt + ROLE_TTL_MS, expiredAt + LOCAL_SESSION_CACHE_MS) + 500 - Date.now())
  await run(grid(plain, later))
  const [titled] = await sql<{ title: string }[]>`select title from proposals where id = ${aliceIds.proposal}`
  const [held] = await sql<
    { n: number }[]
  >`select count(*)::int as n from conversions where proposal_id = ${aliceIds.proposal}`
  for (const key of destructive) {
    const route = ruled.find((r) => `${r.method} ${r.url}` === key)
    if (!route) continue
    await run(
      grid(
        [route],
        cases.filter((c) => c !== 'owner' && c !== 'visitorOwner'),
      ),
    )
    await run(grid([route], ['owner', 'visitorOwner']))
  }
  await sql.end({ timeout: 1 })
  agent.destroy()

  // `public`: every case the same as no session.
  const publicStatus = new Map(
    answers.filter((a) => a.who === 'none').map((a) => [`${a.route.method} ${a.route.url}`, a.status]),
  )
  const wrong = answers.filter(
    (a) =>
      !meets(a.expect, a.status) ||
      (a.expect === 'public' && a.status !== publicStatus.get(`${a.route.method} ${a.route.url}`)),
  )
  const ownerUploads = answers.filter(
    (a) => a.who === 'owner' && a.route.url === '/api/proposals/:id/conversions' && a.status === 202,
  ).length
  const processes = [...stack.webs, ...stack.workers]
  return {
    scenario: `8 access matrix (${ruled.length} routes × ${cases.length})`,
    tally,
    conversions: undefined,
    processes,
    checks: [
      {
        what: `the sessions to test were made (alive ${alive.map((a) => a.status).join(' ')}, then revoke ${revoked.status}, logout ${loggedOut.status}; pictures ${assets.length}/2)`,
        ok:
          alive.every((a) => a.status === 200) &&
          revoked.status === 204 &&
          loggedOut.status === 204 &&
          assets.length === 2,
      },
      {
        what: `every route the app has (${all.length}) has a rule${unruled.length ? `: none for ${unruled.map((r) => `${r.method} ${r.url}`).join(', ')}` : ''}`,
        ok: unruled.length === 0 && all.length > 0,
      },
      {
        what: `${answers.length} answers as the table says (${wrong.length} not)`,
        ok: wrong.length === 0,
      },
      { what: `nothing of Alice's or Vera's in anyone else's answer (${leaks.length})`, ok: leaks.length === 0 },
      {
        what: `Alice's proposal kept its title and only her conversions (${held?.n} = 1 + ${ownerUploads})`,
        ok: titled?.title === secrets.alice && held?.n === 1 + ownerUploads,
      },
      { what: `0 5xx (${tally.summary()})`, ok: tally.count5xx() === 0 },
      { what: 'no crash', ok: crashed(processes).length === 0 && processes.every((p) => !p.exited) },
    ],
    notes: [
      ...wrong
        .slice(0, 15)
        .map((a) => `${a.who} ${a.route.method} ${a.path}: ${a.status}, expected ${a.expect}: ${a.body.slice(0, 120)}`),
      ...leaks.slice(0, 10),
    ],
  }
}
