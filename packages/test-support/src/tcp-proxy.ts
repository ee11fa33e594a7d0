import { createServer, connect, type Server, type Socket } from 'node:net'
import { freePort } from './redis.js'

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

/**
 * A TCP proxy a test can cut: a network partition between the service and a backend (Redis,
 * Postgres) while the backend itself keeps running and keeps its data. Nothing sent during the
 * cut reaches the backend; new connections are refused until `restore()`.
 */
export interface TcpProxy {
  port: number
  cut(): Promise<void>
  /**
   * Like `cut`, but new connections are accepted and then never answered (a frozen or
   * black-holed backend): the client's own timeouts are all that end them.
   */
  stall(): Promise<void>
  restore(): Promise<void>
}

export async function startTcpProxy(t: Teardown, targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const port = await freePort()
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let stalled = false

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        if (stalled) {
          sockets.add(client)
          client.on('error', () => client.destroy())
          return
        }
        const upstream = connect(targetPort, targetHost)
        sockets.add(client).add(upstream)
        client.pipe(upstream).pipe(client)
        const drop = () => {
          client.destroy()
          upstream.destroy()
          sockets.delete(client)
          sockets.delete(upstream)
        }
        client.on('error', drop).on('close', drop)
        upstream.on('error', drop).on('close', drop)
      })
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })

  const proxy: TcpProxy = {
    port,
    async cut() {
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      await closed
      server = undefined
    },
    async stall() {
      await proxy.cut()
      stalled = true
      await listen()
    },
    async restore() {
      if (stalled) await proxy.cut()
      stalled = false
      await listen()
    },
  }
  await listen()
  t.teardown(() => proxy.cut())
  return proxy
}
