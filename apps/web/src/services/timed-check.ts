export interface CheckResult {
  ok: boolean
  latencyMs: number
  detail?: string
}

/** Runs one readiness check with a deadline, reporting how long it took and why it failed. */
export async function timedCheck(run: () => Promise<string | undefined | void>, timeoutMs = 2000): Promise<CheckResult> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    const detail = await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
    return { ok: true, latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) }
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), detail: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}
