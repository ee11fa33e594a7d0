import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const probe = fileURLToPath(new URL('./memory-probe.ts', import.meta.url))

export type MemoryUse = { ok: true; peakBytes: number } | { ok: false; reason: string }

/**
 * Peak memory of one conversion of the file at `path` (see memory-probe.ts), in a process with
 * the heap limit production gives a conversion. A process that runs out of heap says so.
 */
export async function conversionMemory(
  mime: string,
  path: string,
  warmUpPath: string,
  maxHeapMb = 256,
): Promise<MemoryUse> {
  try {
    // The bench runs under tsx: the probe gets the same loader flags, as the IsolatedConverter's children do.
    const { stdout } = await run(
      process.execPath,
      [...process.execArgv, `--max-old-space-size=${maxHeapMb}`, '--expose-gc', probe, mime, path, warmUpPath],
      { maxBuffer: 1024 * 1024 },
    )
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { peakBytes?: number; error?: string }
    return result.peakBytes !== undefined
      ? { ok: true, peakBytes: result.peakBytes }
      : { ok: false, reason: result.error ?? 'no result' }
  } catch (error) {
    const { stderr, signal, code } = error as { stderr?: string; signal?: string; code?: number }
    // V8 aborts the process when the heap is exhausted.
    const outOfMemory =
      signal === 'SIGABRT' || code === 134 || /heap out of memory|Reached heap limit/i.test(String(stderr ?? ''))
    return {
      ok: false,
      reason: outOfMemory
        ? `needs more than a ${maxHeapMb} MB heap`
        : ((error as Error).message.split('\n')[0] ?? 'failed'),
    }
  }
}
