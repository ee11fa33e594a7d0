import { settlesWithin } from '@draftsmith/runtime/timeout'
import type { FastifyInstance } from 'fastify'

/** How long one step of the web's shutdown may take before the shutdown goes on without it. */
export const closeStepMs = 3000

/**
 * An `onClose` hook bounded on its own. A client of a peer that restarted while the service ran
 * can hold a close promise that never settles (BullMQ's `close()` waits for events a dead Redis
 * never sends: the worker met it, see its shutdown-bounds.ts). Unbounded, one such step holds the
 * whole shutdown until close-with-grace kills the process with exit 1; bounded, the step is named
 * in the log and the rest of the shutdown still runs.
 */
export function onCloseWithin(
  fastify: FastifyInstance,
  step: string,
  close: () => unknown,
  ms: number = closeStepMs,
): void {
  fastify.addHook('onClose', () => closeWithin(fastify, step, close, ms))
}

/** One bounded close step, awaited where a hook must do something after it whatever happens. */
export async function closeWithin(
  fastify: FastifyInstance,
  step: string,
  close: () => unknown,
  ms: number = closeStepMs,
): Promise<void> {
  if (!(await settlesWithin(Promise.resolve().then(close), ms))) {
    fastify.log.warn({ step, ms }, 'a shutdown step did not finish in time: the shutdown goes on without it')
  }
}
