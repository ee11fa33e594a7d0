import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** How often idle connections are closed while the server drains. */
const sweepMs = 100
/** What the close steps after the drain keep of the grace period (close-with-grace's delay). */
const closeStepsMs = 5000

/**
 * Draining on shutdown, so that `server.close()` ends when the last request has its answer:
 * - once closing, every response says `Connection: close`. Node's `server.close()` closes the
 *   connections idle at that moment only; a keep-alive connection whose request was in flight got
 *   its answer with `keep-alive` and idled on, holding the server open until close-with-grace
 *   killed the process (exit 1 after a rolling deploy behind a proxy that keeps its connections:
 *   issue 22, scenario 4). Fastify's `return503OnClosing` covers only requests that arrive later.
 * - idle connections are closed every {@link sweepMs} while draining: an answer already on its
 *   way when closing began (past `onSend`) still said `keep-alive`.
 * - what is still open when the grace period, less what the close steps need, has run out is
 *   cut, with a warning that says how many: a client that never finishes its request must not
 *   turn a deploy into a kill.
 */
export default fp(
  async function drain(fastify: FastifyInstance) {
    let closing = false
    fastify.addHook('preClose', async () => {
      closing = true
      const server = fastify.server
      const sweep = setInterval(() => server.closeIdleConnections(), sweepMs)
      const cut = setTimeout(
        () =>
          server.getConnections((_error, open) => {
            if (open > 0) fastify.log.warn({ open }, 'connections still open at the end of the drain: closed')
            server.closeAllConnections()
          }),
        Math.max(0, fastify.config.shutdownGraceMs - closeStepsMs),
      )
      sweep.unref()
      cut.unref()
      server.once('close', () => {
        clearInterval(sweep)
        clearTimeout(cut)
      })
    })
    fastify.addHook('onSend', async (_request, reply) => {
      if (closing && !reply.raw.headersSent) reply.header('connection', 'close')
    })
  },
  { name: 'drain', dependencies: ['config'] },
)
