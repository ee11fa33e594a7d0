/**
 * Render's path in front of a web service, simulated on loopback: an "edge" (Cloudflare) that
 * appends the client's address to X-Forwarded-For, then a "router" (Render's proxy) that appends
 * the edge's and balances over the web instances it is given. The bench's clients name the
 * address they stand for in `x-bench-client` (a documentation range), so per-address limits see
 * many clients; the web trusts two hops (TRUST_PROXY=2), as on Render.
 *
 * Like Render's router, it retries a request on another instance when the first cannot have seen it
 * (connection refused, or a kept-alive connection the instance closed on SIGTERM): bodies are
 * buffered up to `maxBufferedBody` so that uploads can be retried too.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface TwoHopProxy {
  /** Where clients connect (the edge). */
  port: number
  setUpstreams(ports: number[]): void
  /** Requests the router retried on another instance after a failed connection. */
  retried: number
  close(): Promise<void>
}

const maxBufferedBody = 16 * 1024 * 1024
const hopHeaders = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBufferedBody) {
        request.destroy()
        resolveBody(undefined)
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolveBody(Buffer.concat(chunks)))
    request.on('error', reject)
  })
}

/** One hop: forwards to `target()`, appending the socket address it saw to X-Forwarded-For. */
function hop(
  target: () => number[],
  agent: Agent,
  clientAddress: (request: IncomingMessage) => string,
  onRetry: () => void,
): Server {
  let next = 0
  return createServer(async (request, response) => {
    const body = await readBody(request).catch(() => undefined)
    if (body === undefined) {
      response.writeHead(413).end()
      return
    }
    const headers: Record<string, string | string[]> = {}
    for (const [key, value] of Object.entries(request.headers))
      if (value !== undefined && !hopHeaders.includes(key) && key !== 'x-bench-client') headers[key] = value
    const prior = request.headers['x-forwarded-for']
    headers['x-forwarded-for'] = [prior, clientAddress(request)].filter(Boolean).join(', ')
    headers['x-forwarded-proto'] = 'https'
    headers['content-length'] = String(body.length)
    const upstreams = target()
    const attempt = (tries: number) => {
      if (upstreams.length === 0) {
        response.writeHead(503, { 'content-type': 'text/plain' }).end('no upstream')
        return
      }
      const port = upstreams[next++ % upstreams.length] as number
      const upstream = httpRequest(
        { host: '127.0.0.1', port, method: request.method, path: request.url, headers, agent },
        (answer) => {
          const out: Record<string, string | string[]> = {}
          for (const [key, value] of Object.entries(answer.headers))
            if (value !== undefined && !hopHeaders.includes(key)) out[key] = value
          response.writeHead(answer.statusCode ?? 502, out)
          answer.pipe(response)
          answer.on('error', () => response.destroy())
        },
      )
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (response.headersSent) return response.destroy()
        // Retried only where the instance cannot have seen the request: no connection, or a kept-alive
        // connection it had closed (Node's documented keep-alive race).
        const unseen = error.code === 'ECONNREFUSED' || (upstream.reusedSocket && error.code === 'ECONNRESET')
        if (unseen && tries < 3) {
          onRetry()
          attempt(tries + 1)
        } else response.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway')
      })
      upstream.end(body)
    }
    attempt(0)
  })
}

function listen(server: Server): Promise<number> {
  return new Promise((resolveListen) =>
    server.listen(0, '127.0.0.1', () => resolveListen((server.address() as AddressInfo).port)),
  )
}

export async function startTwoHopProxy(): Promise<TwoHopProxy> {
  let upstreams: number[] = []
  const agents = [new Agent({ keepAlive: true, maxSockets: 256 }), new Agent({ keepAlive: true, maxSockets: 256 })]
  const proxy: TwoHopProxy = {
    port: 0,
    retried: 0,
    setUpstreams: (ports) => (upstreams = [...ports]),
    close: async () => {
      for (const server of [edge, router]) server.closeAllConnections()
      await Promise.all([edge, router].map((s) => new Promise((r) => s.close(r))))
      for (const agent of agents) agent.destroy()
    },
  }
  const router = hop(
    () => upstreams,
    agents[1] as Agent,
    (request) => request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    () => proxy.retried++,
  )
  const routerPort = await listen(router)
  const edge = hop(
    () => [routerPort],
    agents[0] as Agent,
    (request) => String(request.headers['x-bench-client'] ?? request.socket.remoteAddress ?? '127.0.0.1'),
    () => {},
  )
  proxy.port = await listen(edge)
  for (const server of [edge, router]) {
    server.headersTimeout = 20_000
    server.requestTimeout = 130_000
  }
  return proxy
}
