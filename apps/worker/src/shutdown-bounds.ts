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
