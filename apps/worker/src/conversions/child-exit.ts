/** How a conversion process ended when it did not hand back a result. */
export type ChildExit =
  /** Out of memory: V8's heap limit (it aborts), the kernel's OOM killer, or our own budget. */
  | { kind: 'memory' }
  /** Stopped by a signal from outside (systemd, Ctrl-C, a deploy): the document is not to blame. */
  | { kind: 'interrupted'; signal: string }
  /** Anything else: a crash worth a retry. */
  | { kind: 'crashed'; detail: string }

/** Signals that people and supervisors send to stop processes, not to punish a document. */
const stopSignals = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'])

/**
 * Reads workerpool's "terminated unexpectedly" message (it carries the child's exit code and
 * signal). `undefined` when the error is not about the process ending.
 */
export function childExitOf(error: unknown): ChildExit | undefined {
  const message = error instanceof Error ? error.message : String(error)
  if (!/terminated unexpectedly/i.test(message)) return undefined
  const signal = /signalCode: `(\w+)`/.exec(message)?.[1]
  const exitCode = /exitCode: `(\d+)`/.exec(message)?.[1]
  if (signal && stopSignals.has(signal)) return { kind: 'interrupted', signal }
  // V8 aborts on a full heap (SIGABRT, or 134 where a shell reports it); the kernel's OOM killer sends SIGKILL.
  if (signal === 'SIGABRT' || signal === 'SIGKILL' || exitCode === '134' || exitCode === '137')
    return { kind: 'memory' }
  return { kind: 'crashed', detail: `exit code ${exitCode ?? 'none'}, signal ${signal ?? 'none'}` }
}
