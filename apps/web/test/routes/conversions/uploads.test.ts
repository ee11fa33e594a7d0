import { request, type ClientRequest, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import t from 'tap'
import { buildTestApp } from '../../helpers/app.js'

/**
 * Uploads over real sockets, the body sent slowly: what the server holds while a body is still
 * arriving, and how long it lets one arrive. (inject() hands the whole body over at once.)
 */
const KB = 1024

interface SlowUpload {
  /** The response, as soon as the server answers — possibly before the body is complete. */
  response: Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }>
  send(bytes: number): Promise<void>
  finish(): void
  request: ClientRequest
}

function slowUpload(port: number, path: string, cookie: string, address: string): SlowUpload {
  const boundary = 'xSLOWx'
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    // The address the rate limits see (the test app trusts no proxy, so this only labels the client).
    localAddress: address,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie, 'transfer-encoding': 'chunked' },
  })
  const response = new Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }>(
    (resolve, reject) => {
      req.on('response', (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      })
      req.on('error', reject)
    },
  )
  req.write(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`,
  )
  return {
    response,
    request: req,
    send: (bytes) => new Promise((resolve) => req.write('x'.repeat(bytes), () => resolve())),
    finish: () => req.end(`\r\n--${boundary}--\r\n`),
  }
}

async function listening(
  t: { teardown(fn: () => Promise<void> | void): void },
  label: string,
  env: Record<string, string>,
) {
  const { app } = await buildTestApp(t, { label: `upload_stream_${label}`, env })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port
  const created = await app.inject({ method: 'POST', url: '/api/proposals', payload: { title: 'slow' } })
  const cookie = String(created.headers['set-cookie']).split(';')[0] as string
  return { app, port, cookie, path: `/api/proposals/${created.json().id}/conversions` }
}

const answeredWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), ms))])

t.test('the memory budget is taken while bodies stream in, not after they are buffered (finding 3)', async (t) => {
  const { port, cookie, path } = await listening(t, 'budget', {
    UPLOAD_MEMORY_BYTES: String(1000 * KB),
    MAX_UPLOAD_BYTES: String(1000 * KB),
  })
  const first = slowUpload(port, path, cookie, '127.0.0.2')
  await first.send(700 * KB)
  await new Promise((r) => setTimeout(r, 200))
  const second = slowUpload(port, path, cookie, '127.0.0.3')
  await second.send(400 * KB)
  const refused = await answeredWithin(second.response, 5000)
  t.not(refused, 'no answer', 'the second upload is answered while its body is still arriving')
  if (refused !== 'no answer') {
    t.equal(refused.status, 503, refused.body)
    t.equal(refused.headers['retry-after'], '5')
    t.match(JSON.parse(refused.body).detail, /taking in other uploads right now; nothing was stored/)
  }
  second.request.destroy()
  first.finish()
  t.equal((await first.response).status, 202, 'the first one, within the budget, is accepted')
})

t.test('one request bigger than the whole budget is a 413 as soon as it passes it', async (t) => {
  const { port, cookie, path } = await listening(t, 'alone', {
    UPLOAD_MEMORY_BYTES: String(600 * KB),
    MAX_UPLOAD_BYTES: String(600 * KB),
    MAX_FILES_PER_UPLOAD: '3',
  })
  const upload = slowUpload(port, path, cookie, '127.0.0.4')
  await upload.send(500 * KB)
  upload.request.write(
    '\r\n--xSLOWx\r\nContent-Disposition: form-data; name="file"; filename="second.txt"\r\nContent-Type: text/plain\r\n\r\n',
  )
  await upload.send(300 * KB)
  const answer = await answeredWithin(upload.response, 5000)
  t.not(answer, 'no answer')
  if (answer !== 'no answer') t.equal(answer.status, 413, answer.body)
  upload.request.destroy()
})

t.test('one client may have only so many uploads in progress', async (t) => {
  const { port, cookie, path } = await listening(t, 'in_flight', { UPLOADS_IN_FLIGHT_PER_CLIENT: '1' })
  const first = slowUpload(port, path, cookie, '127.0.0.5')
  await first.send(10 * KB)
  await new Promise((r) => setTimeout(r, 200))
  const second = slowUpload(port, path, cookie, '127.0.0.5')
  const answer = await answeredWithin(second.response, 5000)
  t.not(answer, 'no answer')
  if (answer !== 'no answer') {
    t.equal(answer.status, 429, answer.body)
    t.match(JSON.parse(answer.body).detail, /already has 1 uploads in progress/)
  }
  second.request.destroy()
  const other = slowUpload(port, path, cookie, '127.0.0.6')
  await other.send(10)
  other.finish()
  t.equal((await other.response).status, 202, 'another client is not affected')
  first.finish()
  t.equal((await first.response).status, 202)
})

t.test('a body that trickles in past REQUEST_TIMEOUT_SECONDS is cut off; so are headers that never end', async (t) => {
  const { port, cookie, path } = await listening(t, 'timeouts', {
    REQUEST_TIMEOUT_SECONDS: '3',
    HEADERS_TIMEOUT_SECONDS: '2',
  })
  const started = Date.now()
  const trickle = slowUpload(port, path, cookie, '127.0.0.7')
  const timer = setInterval(() => void trickle.send(1), 500)
  const ended = await answeredWithin(
    trickle.response.then(
      (r) => r.status,
      () => 'closed',
    ),
    10_000,
  )
  clearInterval(timer)
  trickle.request.destroy()
  t.not(ended, 'no answer', 'the server ends the request itself')
  t.ok(Date.now() - started < 8000, `within the deadline and the check interval (${Date.now() - started} ms)`)

  const socket = connect(port, '127.0.0.1')
  // Read whatever the server says (a 408), so the socket can see the server close it.
  socket.resume()
  socket.write('GET /health HTTP/1.1\r\nHost: x\r\n')
  const closed = await answeredWithin(new Promise((resolve) => socket.once('close', () => resolve('closed'))), 8000)
  socket.destroy()
  t.equal(closed, 'closed', 'a connection that never finishes its headers is closed')
})
