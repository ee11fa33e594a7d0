import { errorMessage } from '@draftsmith/db/errors'
import { withTimeout } from '@draftsmith/runtime/timeout'

export interface CheckResult {
  ok: boolean
  latencyMs: number
  detail?: string
}

/** Runs one readiness check with a deadline, reporting how long it took and why it failed. */
export async function timedCheck(
  run: () => Promise<string | undefined | void>,
  timeoutMs = 2000,
): Promise<CheckResult> {
  const started = performance.now()
  try {
    const detail = await withTimeout(run(), timeoutMs, 'the check')
    return { ok: true, latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) }
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), detail: errorMessage(error) }
  }
}
