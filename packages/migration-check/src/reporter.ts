/** Where progress lines go. The CLI prints them; `--json` and library callers stay quiet. */
export interface Reporter {
  info(line: string): void
  warn(line: string): void
}

export const silentReporter: Reporter = { info: () => {}, warn: () => {} }

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
