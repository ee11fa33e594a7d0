import pTimeout from 'p-timeout'

/**
 * Bounds `promise` by wall-clock time, rejecting with "`what` took longer than `ms` ms". For the
 * waits a peer can stretch forever (a socket that accepts and says nothing, a queue that never
 * becomes ready): the caller turns the rejection into its own answer (503, a retry, an exit code).
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  return pTimeout(promise, { milliseconds: ms, message: `${what} took longer than ${ms} ms` })
}

/**
 * True when `work` settles within `ms`, false otherwise (a rejection counts as settled: the step
 * is over either way). The timer is ref'd on purpose: a shutdown step waiting on a promise that
 * no handle will ever settle must still end, instead of Node exiting mid-shutdown on an empty
 * event loop or waiting on it forever.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  return pTimeout(
    work.then(
      () => true,
      () => true,
    ),
    { milliseconds: ms, fallback: () => false },
  )
}
