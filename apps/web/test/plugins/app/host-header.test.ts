import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { buildTestApp } from '../../helpers/app.js'

/** Sends raw request bytes (two Host lines cannot be sent any other way) and reads the answer. */
function raw(port: number, head: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${head}\r\nConnection: close\r\n\r\n`))
    let data = ''
    socket.setEncoding('utf8').on('data', (c: string) => (data += c))
    socket.on('error', reject)
    socket.on('end', () => {
      const [headers = '', body = ''] = data.split('\r\n\r\n')
      resolve({
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(headers)?.[1]),
        type: /content-type: ([^\r\n]+)/i.exec(headers)?.[1] ?? '',
        body,
      })
    })
  })
}

t.test('a request with two Host lines, or an invalid one, is a 400 problem (RFC 9112 §3.2; issue 22)', async (t) => {
  const { app } = await buildTestApp(t, { label: 'host_header' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  for (const path of ['/health', '/api/proposals', '/', '/api/nothing']) {
    const two = await raw(port, `GET ${path} HTTP/1.1\r\nHost: a.example\r\nHost: b.example`)
    t.equal(two.status, 400, `${path}: two Host lines`)
    t.match(two.type, /application\/problem\+json/)
    t.match(JSON.parse(two.body), { status: 400, detail: /more than one Host/ })
  }
  t.equal((await raw(port, 'GET /health HTTP/1.1\r\nHost: a.example\r\nhOsT: a.example')).status, 400, 'in any case')
  for (const host of ['a b', '[::1', 'a.example:port', 'a/b'])
    t.equal((await raw(port, `GET /health HTTP/1.1\r\nHost: ${host}`)).status, 400, `Host: ${host}`)
  for (const host of ['a.example', 'a.example:8443', '127.0.0.1:3000', '[::1]:3000', 'xn--bcher-kva.example'])
    t.equal((await raw(port, `GET /health HTTP/1.1\r\nHost: ${host}`)).status, 200, `Host: ${host}`)
})
