import { setTimeout as sleep } from 'node:timers/promises'
import pTimeout from 'p-timeout'

export { sleep }

/**
 * Bounds a phase by wall-clock time: a peer that accepts TCP and then says nothing can keep a
 * postgres.js query pending past `connect_timeout`. (runtime's `withTimeout` does the same for the
 * services; the predeploy imports only `@draftsmith/db`, see the boundaries test.)
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, phase: string): Promise<T> {
  return pTimeout(promise, { milliseconds: ms, message: `${phase} did not finish within ${ms} ms` })
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped. */
export function backoffMs(attempt: number, baseMs = 500, capMs = 8000): number {
  const exp = Math.min(capMs, baseMs * 2 ** (attempt - 1))
  return Math.round(exp / 2 + Math.random() * (exp / 2))
}
