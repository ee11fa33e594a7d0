/**
 * Scenario 7: generated hostile requests across every route (through the proxy, and raw bytes
 * straight to the web, as a proxy that passes them would), slow clients, and hostile documents of
 * every format. Target: no 5xx, no crash, memory bounded, every hostile document ends.
 */
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { Client, Tally } from '../load.js'
import { crashed, settleConversions, sleep, type Row } from '../outcomes.js'
import type { Profile } from '../profile.js'
import { repoRoot, type ServiceProcess, type Stack } from '../stack.js'
import { uploadOne } from './faults.js'

const ids = [
  '00000000-0000-0000-0000-000000000000',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  "' OR 1=1--",
  '1;DROP TABLE users',
  '%00',
  'x'.repeat(5000),
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '-1',
  '9'.repeat(40),
]
const paths = (id: string) => [
  ['GET', `/api/proposals/${id}`],
  ['PATCH', `/api/proposals/${id}`],
  ['DELETE', `/api/proposals/${id}`],
  ['GET', `/api/proposals/${id}/conversions`],
  ['POST', `/api/proposals/${id}/conversions`],
  ['GET', `/api/conversions/${id}`],
  ['GET', `/api/conversions/${id}/markdown?download=${id}`],
  ['GET', `/api/conversions/${id}/bundle`],
  ['GET', `/api/conversions/${id}/assets/${id}`],
  ['GET', `/api/conversions/00000000-0000-0000-0000-000000000000/assets/..%2F..%2F${id}`],
  ['POST', `/api/conversions/${id}/retry`],
  ['DELETE', `/api/auth/sessions/${id}`],
  ['GET', `/api/proposals?limit=${id}&cursor=${id}`],
  ['GET', `/ui/${id}`],
  ['GET', `/proposals/${id}`],
  ['GET', `/${id}`],
]
const bodies: Array<{ type?: string; body: string | Buffer }> = [
  { type: 'application/json', body: '{"title":' },
  { type: 'application/json', body: '{"title":123,"email":[],"password":{"$ne":null}}' },
  { type: 'application/json', body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
  { type: 'application/json', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
  { type: 'application/json', body: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }) },
  {
    type: 'application/json',
    body: JSON.stringify({ email: "a@b.c' OR '1'='1", password: "'; DROP TABLE users; --" }),
  },
  {
    type: 'multipart/form-data; boundary=xyz',
    body: '--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\ntruncated',
  },
  { type: 'multipart/form-data', body: 'no boundary at all' },
  {
    type: 'multipart/form-data; boundary=a',
    body: `--a\r\nContent-Disposition: form-data; name="file"; filename="../../x.docx"\r\n\r\nPK\x03\x04\r\n--a--`,
  },
  { type: 'text/plain', body: 'hello' },
  { type: 'application/x-www-form-urlencoded', body: 'title=x&title=y' },
  { body: Buffer.alloc(0) },
]
const headerSets: Array<Record<string, string>> = [
  {},
  { 'x-huge': 'h'.repeat(12_000) },
  { cookie: `__Host-draftsmith=${'A'.repeat(3000)}.forged` },
  { cookie: '__Host-draftsmith=s%3Abogus.signature; __Host-draftsmith=second' },
  { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  { authorization: 'Bearer not-the-token' },
  { 'x-forwarded-for': '1.1.1.1, 2.2.2.2, not-an-ip' },
  { 'content-length': '5', 'x-request-id': '../../../etc' },
  { range: 'bytes=0-1,1-2,2-3,3-4,4-5,5-6' },
  { accept: 'text/html', 'accept-encoding': 'gzip;q=1e999' },
]

/** Raw requests straight to a web instance: what only bytes can say. */
const rawRequests = [
  'GET /health HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n',
  `GET /health HTTP/1.1\r\nHost: a\r\nX-Big: ${'b'.repeat(100_000)}\r\n\r\n`,
  'POST /api/proposals HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'POST /api/proposals HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
  'GET /../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n',
  'GET http://evil.example/api/auth/me HTTP/1.1\r\nHost: a\r\n\r\n',
  'BREW /health HTTP/1.1\r\nHost: a\r\n\r\n',
  'GET /health HTTP/9.9\r\nHost: a\r\n\r\n',
  'GET /health\r\n\r\n',
  `GET /${'%'.repeat(10_000)} HTTP/1.1\r\nHost: a\r\n\r\n`,
  'GET /health HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n',
  'GET /health HTTP/1.1\r\nHost: a\r\n\x00bad: header\r\n\r\n',
]

function rawStatus(port: number, bytes: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes))
    let data = ''
    socket.setTimeout(20_000, () => socket.destroy())
    socket.on('data', (c) => (data += c))
    socket.on('error', () => {})
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0)))
  })
}

/** Opens a connection that sends its headers one byte at a time, too slowly to finish. */
function slowClient(port: number, forMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const bytes = `GET /api/auth/me HTTP/1.1\r\nHost: a\r\nX-Slow: ${'s'.repeat(1000)}`
    let i = 0
    const timer = setInterval(() => {
      if (socket.destroyed || i >= bytes.length) return
      socket.write(bytes[i++] as string)
    }, 200)
    socket.on('error', () => {})
    setTimeout(() => {
      clearInterval(timer)
      socket.destroy()
      resolve()
    }, forMs)
  })
}

const hostileDocuments = [
  { name: 'zip-bomb.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { name: 'lying-zip-bomb.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  {
    name: 'overlapping-zip-bomb.docx',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  { name: 'truncated.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { name: 'broken.pdf', type: 'application/pdf' },
]

export async function hostileInput(stack: Stack, profile: Profile): Promise<Row> {
  const base = `http://127.0.0.1:${stack.proxy.port}`
  const tally = new Tally()
  const web = stack.webs[0] as ServiceProcess
  // A signed-in client, so that routes behind a session are reached too.
  const user = new Client(base, undefined, tally)
  await user.request('POST', '/api/auth/signup', {
    json: { email: `hostile-${Date.now()}@bench.example`, password: 'correct horse battery staple' },
  })
  const requests: Array<() => Promise<unknown>> = []
  let n = 0
  for (let round = 0; requests.length < profile.hostileRequests; round++)
    for (const id of ids)
      for (const [method, path] of paths(id)) {
        const body = bodies[n % bodies.length] as (typeof bodies)[number]
        const headers = { ...(headerSets[n % headerSets.length] as Record<string, string>) }
        if (body.type && method !== 'GET') headers['content-type'] = body.type
        const client = n % 2 === 0 ? user : new Client(base, undefined, tally)
        const i = n++
        requests.push(async () => {
          const answer = await client.request(method as string, path as string, {
            headers,
            ...(method === 'GET' || method === 'DELETE' ? {} : { form: undefined }),
          })
          void i
          return answer
        })
        if (method !== 'GET') {
          const raw = typeof body.body === 'string' ? body.body : body.body.toString('latin1')
          requests.push(() =>
            fetch(`${base}${path}`, {
              method,
              headers: {
                ...headers,
                'x-bench-client': client.address,
                cookie: [...user.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
              },
              body: raw,
              signal: AbortSignal.timeout(30_000),
            }).then(
              async (r) => (
                await r.arrayBuffer(),
                tally.add({ status: r.status, ms: 0, body: '', headers: undefined })
              ),
              () => tally.add({ status: 0, ms: 0, body: '', headers: undefined }),
            ),
          )
        }
        if (requests.length >= profile.hostileRequests) break
      }
  const raw = new Tally()
  for (let i = 0; i < Math.max(rawRequests.length, Math.floor(profile.hostileRequests / 20)); i++) {
    const bytes = rawRequests[i % rawRequests.length] as string
    requests.push(async () => {
      const status = await rawStatus(web.port as number, bytes)
      raw.add({ status, ms: 0, body: '', headers: undefined })
    })
  }
  // Slow clients hold connections meanwhile; the rest must still be answered.
  const slow = Promise.all(
    Array.from({ length: profile.slowClients }, () => slowClient(web.port as number, profile.slowClientMs)),
  )
  const docs: string[] = []
  for (const document of hostileDocuments)
    docs.push(
      await uploadOne(
        base,
        readFileSync(join(repoRoot, 'fixtures/documents', document.name)),
        document.name,
        document.type,
      ),
    )
  // Eight at a time.
  let next = 0
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < requests.length) await (requests[next++] as () => Promise<unknown>)()
    }),
  )
  const healthy = await new Client(base).request('GET', '/health')
  await slow
  const conversions = await settleConversions(stack, docs, profile.settleMs)
  await sleep(100)
  const processes = [...stack.webs, ...stack.workers]
  const rawFives = raw.countOf((s) => s >= 500)
  return {
    scenario: '7 hostile input',
    tally,
    conversions,
    processes,
    checks: [
      {
        what: `${tally.count} requests through the proxy, 0 5xx (${tally.countOf((s) => s >= 500)})`,
        ok: tally.countOf((s) => s >= 500) === 0,
      },
      { what: `${raw.count} raw requests to the web, 0 5xx (${raw.summary()})`, ok: rawFives === 0 },
      { what: `answered while ${profile.slowClients} slow clients held connections`, ok: healthy.status === 200 },
      { what: 'no crash', ok: crashed(processes).length === 0 && processes.every((p) => !p.exited) },
      {
        what: `peak RSS under the plan's 512 MB (${processes.map((p) => `${p.name} ${Math.round(p.peakRssMb)}`).join(', ')})`,
        ok: processes.every((p) => p.peakRssMb < 512),
      },
      {
        what: `hostile documents all ended (${conversions.failed} failed, ${conversions.succeeded} kept what they could)`,
        ok: conversions.lost === 0,
      },
    ],
    notes: [
      `requests that got no answer: ${tally.countOf((s) => s === 0)} (proxy) ${raw.countOf((s) => s === 0)} (raw: closed by the server)`,
    ],
  }
}
