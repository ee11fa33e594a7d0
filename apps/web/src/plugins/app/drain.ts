import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Once the service is closing, every response says `Connection: close`. Node's `server.close()`
 * closes the connections idle at that moment, but a keep-alive connection whose request is still
 * in flight gets its answer with `keep-alive` and then idles on, holding the server open until the
 * client leaves or close-with-grace kills the process (exit 1 after a rolling deploy behind a
 * proxy that keeps connections: issue 22, scenario 4). Fastify's `return503OnClosing` covers only
 * requests that arrive after closing began.
 */
export default fp(
  async function drain(fastify: FastifyInstance) {
    let closing = false
    fastify.addHook('preClose', async () => {
      closing = true
    })
    fastify.addHook('onSend', async (_request, reply) => {
      if (closing && !reply.raw.headersSent) reply.header('connection', 'close')
    })
  },
  { name: 'drain' },
)
