import pTimeout from 'p-timeout'

/**
 * How long each step of a shutdown may take after the grace period. Every step is bounded on
 * its own, so the worker exits even when the queue library never settles a promise (BullMQ's
 * `close()` waits for events that a dead or frozen Redis never sends, and a second
 * `close(true)` returns the first, still pending, call).
 */
export const shutdownSteps = {
  /** After the grace period: processors hand their jobs back (a Redis round trip each). */
  handBackMs: 5000,
  /** Then BullMQ may finish closing before its connections are cut… */
  closeMs: 2000,
  /** …and cutting them may take this long. */
  disconnectMs: 1000,
  /** Then the heartbeat's last write, the conversion processes, the queues. */
  cleanupMs: 2000,
  /** Then the database pool. */
  databaseMs: 1000,
} as const

/** The longest a shutdown can take with `graceMs` of grace: keep it under Render's `maxShutdownDelaySeconds`. */
export function shutdownBoundMs(graceMs: number): number {
  return (
    graceMs +
    shutdownSteps.handBackMs +
    shutdownSteps.closeMs +
    shutdownSteps.disconnectMs +
    shutdownSteps.cleanupMs +
    shutdownSteps.databaseMs
  )
}

/**
 * True when `work` settles within `ms`, false otherwise (a rejection counts as settled: the step
 * is over either way). The timer is ref'd on purpose: a shutdown step waiting on a promise that
 * no handle will ever settle must still end, instead of Node exiting mid-shutdown on an empty
 * event loop or waiting on it forever.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return pTimeout(
    work.then(
      () => true,
      () => true,
    ),
    { milliseconds: ms, fallback: () => false },
  )
}
