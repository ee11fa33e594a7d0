/** One line of the memory table: a scenario, the peak resident size it caused, what came of it. */
export interface MemoryRow {
  scenario: string
  peakMb: number
  outcome: string
}
