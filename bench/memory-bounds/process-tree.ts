import { readFileSync } from 'node:fs'

/** Resident memory (MB) of `root` and every process below it, from Linux's /proc. */
export function treeRssMb(root: number): number {
  let kb = 0
  const visit = (pid: number) => {
    try {
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
      for (const task of [pid]) {
        const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
        for (const child of children.split(/\s+/).filter(Boolean)) visit(Number(child))
      }
    } catch {
      // The process ended between two reads.
    }
  }
  visit(root)
  return kb / 1024
}

/** Samples the tree's resident size every 20 ms until `stop()`; `peakMb` is the highest seen. */
export function samplePeak(root: number): { stop: () => number } {
  let peak = 0
  const timer = setInterval(() => (peak = Math.max(peak, treeRssMb(root))), 20)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, treeRssMb(root))
    },
  }
}
