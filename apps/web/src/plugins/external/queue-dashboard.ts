import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { AnyQueue } from '@draftsmith/jobs'
import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { replyWithProblem } from '../app/errors.js'
import { applySecurityHeaders, contentSecurityPolicy } from './security-headers.js'

const basePath = '/admin/queues'

/**
 * bull-board at /admin/queues, for admins (or the ops token) only. Encapsulated: its access hook
 * and its own CSP apply to the dashboard's routes and nothing else.
 */
async function queueDashboard(fastify: FastifyInstance): Promise<void> {
  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath(basePath)
  const board = createBullBoard({ queues: [], serverAdapter })
  // bull-board's page styles itself with inline styles (its scripts are files of this origin).
  applySecurityHeaders(
    fastify,
    fastify.securityHeadersFor({
      ...contentSecurityPolicy,
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    }),
  )
  let shown: AnyQueue[] = []
  fastify.addHook('onRequest', async (request, reply) => {
    // Answered here, not thrown: bull-board gives its routes an error handler of its own, which
    // would turn a 401/403 into its format instead of the API's problem+json.
    const refused = await fastify.requireOps(request).then(
      () => undefined,
      (error: FastifyError) => error,
    )
    if (refused) return replyWithProblem(refused, request, reply)
    // The inspector hands out new Queue objects after an outage: show those.
    const queues = await fastify.queueInspector.queues()
    if (queues.some((queue, i) => queue !== shown[i])) {
      board.replaceQueues(queues.map((queue) => new BullMQAdapter(queue as never)))
      shown = queues
    }
  })
  await fastify.register(serverAdapter.registerPlugin(), { prefix: basePath })
}

export default fp(queueDashboard, {
  name: 'queue-dashboard',
  dependencies: ['auth', 'queue-inspector', 'security-headers'],
  encapsulate: true,
})
