import pTimeout from 'p-timeout'

/**
 * Bounds `promise` by wall-clock time, rejecting with "`what` took longer than `ms` ms". For the
 * waits a peer can stretch forever (a socket that accepts and says nothing, a queue that never
 * becomes ready): the caller turns the rejection into its own answer (503, a retry, an exit code).
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return pTimeout(promise, { milliseconds: ms, message: `${what} took longer than ${ms} ms` })
}
