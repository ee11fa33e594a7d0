import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import t from 'tap'
import { baseEnv } from '@draftsmith/test-support'
import { onCloseWithin } from '../src/close-step.js'
import { migratedDatabase, SECRET } from './helpers/app.js'
import { call, startServer } from './helpers/server.js'

const serverPath = fileURLToPath(new URL('../dist/server.js', import.meta.url))

t.test('the built server: listens, finishes in-flight requests on SIGTERM, exits 0', async (t) => {
  const db = await migratedDatabase(t, 'server_shutdown')
  const server = await startServer(t, {
    NODE_ENV: 'production',
    DATABASE_URL: db.databaseUrl,
    SESSION_SECRET: SECRET,
    LOG_LEVEL: 'info',
  })
  t.equal((await call(server.port, { path: '/health' })).status, 200)

  // An upload whose body is still arriving when the signal comes.
  const boundary = 'xBOUNDARYx'
  const proposal = await call(server.port, {
    method: 'POST',
    path: '/api/proposals',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: '{"title":"in flight"}',
  })
  const cookie = String(proposal.headers['set-cookie']).split(';')[0] as string
  // Over a keep-alive connection that the client keeps open afterwards, as a proxy in front of
  // the service does: the answer must close it, or the server waits on it until its grace runs out.
  const socket = connect(server.port, '127.0.0.1')
  t.teardown(() => socket.destroy())
  let answer = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk))
  await once(socket, 'connect')
  const first = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.txt"\r\nContent-Type: text/plain\r\n\r\nthe first half `
  const second = `and the second half\r\n--${boundary}--\r\n`
  socket.write(
    [
      `POST /api/proposals/${JSON.parse(proposal.body).id}/conversions HTTP/1.1`,
      'Host: 127.0.0.1',
      `Content-Type: multipart/form-data; boundary=${boundary}`,
      `Content-Length: ${Buffer.byteLength(first + second)}`,
      `Cookie: ${cookie}`,
      'X-Forwarded-Proto: https',
      'Connection: keep-alive',
      '',
      first,
    ].join('\r\n'),
  )
  await new Promise((r) => setTimeout(r, 200))
  server.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 300))
  socket.write(second)
  t.equal(await server.exit, 0, 'exits 0 after draining, with the client still connected')
  t.match(answer, /^HTTP\/1\.1 202 /, `the in-flight upload completes: ${answer.split('\r\n')[0]}`)
  t.match(answer, /\r\nconnection: close\r\n/i, 'and its answer closes the keep-alive connection')
  t.match(server.output(), /shutting down/)
})

t.test('a request that never finishes is cut when the drain runs out, and the server still exits 0', async (t) => {
  const db = await migratedDatabase(t, 'server_drain')
  // 5.5 s of grace less the 5 s kept for the close steps: the drain gives up after half a second.
  const server = await startServer(t, {
    NODE_ENV: 'production',
    DATABASE_URL: db.databaseUrl,
    SESSION_SECRET: SECRET,
    SHUTDOWN_GRACE_MS: '5500',
  })
  const socket = connect(server.port, '127.0.0.1')
  t.teardown(() => socket.destroy())
  socket.on('error', () => {})
  await once(socket, 'connect')
  socket.write(
    'POST /api/proposals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ti',
  )
  await new Promise((r) => setTimeout(r, 200))
  server.kill('SIGTERM')
  t.equal(await server.exit, 0, server.output())
  t.match(server.output(), /"open":1,"msg":"connections still open at the end of the drain: closed"/)
})

t.test('logs: JSON in production, never a cookie, an authorization header or a password', async (t) => {
  const db = await migratedDatabase(t, 'server_logs')
  const url = new URL(db.databaseUrl)
  url.password = 'db-password-123'
  const server = await startServer(t, {
    NODE_ENV: 'production',
    DATABASE_URL: url.toString(),
    SESSION_SECRET: SECRET,
    OPS_TOKEN: 'ops-token-that-must-never-be-logged-0123456789',
    LOG_LEVEL: 'debug',
  })
  const signup = await call(server.port, {
    method: 'POST',
    path: '/api/auth/signup',
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
    body: JSON.stringify({ email: 'logs@example.com', password: 'a password that must not be logged' }),
  })
  t.equal(signup.status, 201)
  const cookie = String(signup.headers['set-cookie']).split(';')[0] as string
  await call(server.port, { path: '/api/auth/me', headers: { cookie, 'x-forwarded-proto': 'https' } })
  await call(server.port, {
    path: '/api/ops/sessions/stats',
    headers: { authorization: 'Bearer ops-token-that-must-never-be-logged-0123456789' },
  })
  await call(server.port, { path: '/api/nope?password=in-a-query-string' })
  const long = await call(server.port, { path: `/${'a'.repeat(15_000)}?password=at-the-end` })
  t.ok(long.status >= 400 && long.status < 500, long.body.slice(0, 300))
  t.ok(JSON.parse(long.body).detail.length < 300, 'a 15 KB path is not echoed back whole')
  server.kill('SIGTERM')
  await server.exit
  const lines = server.output().trim().split('\n')
  t.ok(lines.length > 5)
  t.ok(
    lines.every((l) => l.startsWith('{')),
    'every line is JSON',
  )
  const all = server.output()
  const token = cookie.split('=')[1]?.split('.')[0] as string
  t.notMatch(all, token, 'the session token')
  t.notMatch(all, 'ops-token-that-must-never-be-logged', 'the ops token')
  t.notMatch(all, 'a password that must not be logged', 'the password')
  t.notMatch(all, 'db-password-123', 'the database password')
  t.notMatch(all, 'in-a-query-string', 'a password in a query string')
  const meLines = lines
    .map(
      (l) =>
        JSON.parse(l) as {
          msg?: string
          req?: { method: string; url: string }
          res?: { statusCode: number }
          responseTime?: number
        },
    )
    .filter((l) => l.req?.url === '/api/auth/me')
  t.equal(meLines.length, 1, 'a request is one access-log line')
  t.match(meLines[0], {
    msg: 'request completed',
    req: { method: 'GET' },
    res: { statusCode: 200 },
    responseTime: Number,
  })
  t.notMatch(all, 'incoming request', 'no separate line when a request arrives')
  const longLines = lines.filter((l) => l.includes('aaaaaaaaaa'))
  t.ok(longLines.length > 0, 'the long request is logged')
  for (const line of longLines) {
    const { req } = JSON.parse(line) as { req?: { url: string } }
    if (req) t.match(req.url, /^\/a{1023}…\(\d+ more characters\)$/, 'its URL is cut to 1 KB')
  }
  t.ok(
    longLines.every((l) => l.length < 3000),
    'no log line repeats the whole URL',
  )
})

t.test('a bad configuration exits 2 listing every problem', async (t) => {
  const child = spawn(process.execPath, [serverPath], {
    env: baseEnv({ NODE_ENV: 'production', PORT: 'x' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (c) => (stderr += c))
  const code = await new Promise((resolve) => child.once('exit', resolve))
  t.equal(code, 2)
  t.match(
    stderr,
    /invalid configuration:\n {2}- PORT="x" must be integer\n {2}- DATABASE_URL is not set.*\n {2}- SESSION_SECRET is not set/,
  )
})

t.test('a close step that never settles is bounded and named; the steps after it still run', async (t) => {
  const lines: string[] = []
  const app = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } } })
  let later = false
  // Hooks run last-added first: the stuck step comes before the one that must still run.
  onCloseWithin(app, 'after the stuck one', () => (later = true))
  onCloseWithin(app, 'stuck client', () => new Promise(() => {}), 100)
  await app.ready()
  await app.close()
  t.ok(later, 'the next step ran')
  t.match(JSON.parse(lines[0] ?? '{}'), { step: 'stuck client', ms: 100, msg: /did not finish in time/ })
})
