/** What became of the conversions a scenario submitted, and the row it prints. */
import type { Tally } from './load.js'
import type { ServiceProcess, Stack } from './stack.js'

export interface Conversions {
  submitted: number
  succeeded: number
  failed: number
  lost: number
  duplicated: number
}

export interface Row {
  scenario: string
  tally: Tally
  conversions: Conversions | undefined
  processes: ServiceProcess[]
  /** The target, in words, and whether it was met, with what was measured against it. */
  checks: Array<{ what: string; ok: boolean }>
  notes: string[]
}

/**
 * Waits (at most `timeoutMs`) until every conversion has ended, then counts: lost = still queued
 * or processing, or gone; duplicated = a conversion some worker reported succeeding more than once.
 */
export async function settleConversions(stack: Stack, ids: Iterable<string>, timeoutMs: number): Promise<Conversions> {
  const wanted = [...ids]
  const sql = stack.client()
  try {
    let rows: { id: string; status: string }[] = []
    const deadline = Date.now() + timeoutMs
    for (;;) {
      rows =
        wanted.length === 0
          ? []
          : await sql<{ id: string; status: string }[]>`select id, status from conversions where id = any(${wanted})`
      const open = rows.filter((r) => r.status === 'queued' || r.status === 'processing').length
      if (open === 0 || Date.now() > deadline) break
      await new Promise((r) => setTimeout(r, 250))
    }
    const succeeded = rows.filter((r) => r.status === 'succeeded').length
    const failed = rows.filter((r) => r.status === 'failed').length
    const seen = new Map<string, number>()
    for (const worker of stack.history.filter((p) => p.name.startsWith('worker')))
      for (const line of worker.lines) {
        if (!line.includes('"conversion succeeded"')) continue
        const id = /"conversionId":"([^"]+)"/.exec(line)?.[1]
        if (id) seen.set(id, (seen.get(id) ?? 0) + 1)
      }
    const duplicated = wanted.filter((id) => (seen.get(id) ?? 0) > 1).length
    return { submitted: wanted.length, succeeded, failed, lost: wanted.length - succeeded - failed, duplicated }
  } finally {
    await sql.end({ timeout: 1 })
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Every line a process wrote that is not JSON (production logs must be). */
export function nonJsonLines(processes: ServiceProcess[]): string[] {
  return processes.flatMap((p) => p.nonJsonLines().map((l) => `${p.name}: ${l.slice(0, 200)}`))
}

/** Processes that ended other than by our SIGTERM/SIGKILL with exit 0 (a crash). */
export function crashed(processes: ServiceProcess[], killedOnPurpose: Set<ServiceProcess> = new Set()): string[] {
  return processes
    .filter((p) => p.exited && !killedOnPurpose.has(p) && p.exited.code !== 0)
    .map((p) => `${p.name} exited ${JSON.stringify(p.exited)}`)
}
