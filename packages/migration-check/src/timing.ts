import { setTimeout as sleep } from 'node:timers/promises'

export { sleep }

export class PhaseTimeoutError extends Error {
  constructor(phase: string, ms: number) {
    super(`${phase} did not finish within ${ms} ms`)
    this.name = 'PhaseTimeoutError'
  }
}

/**
 * Bounds a phase by wall-clock time: a peer that accepts TCP and then says nothing can keep a
 * postgres.js query pending past `connect_timeout`.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, phase: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PhaseTimeoutError(phase, ms)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped. */
export function backoffMs(attempt: number, baseMs = 500, capMs = 8000): number {
  const exp = Math.min(capMs, baseMs * 2 ** (attempt - 1))
  return Math.round(exp / 2 + Math.random() * (exp / 2))
}
