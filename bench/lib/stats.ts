/** Small helpers shared by the benchmarks: medians and a plain-text table. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Median time of `repeats` runs of `once`, one at a time, in milliseconds. */
export async function medianTime(once: () => Promise<unknown>, repeats: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const started = performance.now()
    await once()
    times.push(performance.now() - started)
  }
  return median(times)
}

export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

export const ms = (value: number) => `${value.toFixed(0)} ms`
export const ratio = (ours: number, peer: number) => `${(ours / peer).toFixed(2)}×`
