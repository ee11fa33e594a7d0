import { readFile } from 'node:fs/promises'

/**
 * A process' resident memory in MB, read from Linux's /proc: everything the process holds in
 * RAM — V8's heap, buffers, and what native code (pdf.js' decoded pictures, zlib) allocates
 * outside it. `undefined` when the process is gone or there is no /proc (macOS, Windows).
 */
export async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
    return kb === undefined ? undefined : Number(kb) / 1024
  } catch {
    return undefined
  }
}

export interface MemoryWatch {
  /** The highest resident size seen, in MB. */
  readonly peakMb: number
  stop(): void
}

/**
 * Samples `pid`'s resident size every `everyMs` and calls `over` once when it passes `budgetMb`.
 * Read from the outside, so a process busy in one long synchronous step (a picture being
 * decoded) is watched all the same.
 */
export function watchMemory(pid: number, budgetMb: number, over: (rssMb: number) => void, everyMs = 50): MemoryWatch {
  let peakMb = 0
  let fired = false
  let reading = false
  const timer = setInterval(() => {
    if (reading) return
    reading = true
    void residentMb(pid).then((mb) => {
      reading = false
      if (mb === undefined) return
      peakMb = Math.max(peakMb, mb)
      if (mb > budgetMb && !fired) {
        fired = true
        over(mb)
      }
    })
  }, everyMs)
  timer.unref()
  return {
    get peakMb() {
      return peakMb
    },
    stop: () => clearInterval(timer),
  }
}
