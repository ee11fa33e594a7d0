import { setTimeout as sleep } from 'node:timers/promises'
import { withTimeout } from '@draftsmith/runtime/timeout'

export { sleep, withTimeout }

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped. */
export function backoffMs(attempt: number, baseMs = 500, capMs = 8000): number {
  const exp = Math.min(capMs, baseMs * 2 ** (attempt - 1))
  return Math.round(exp / 2 + Math.random() * (exp / 2))
}
