import { withTimeout } from '@draftsmith/runtime/timeout'
import type { AnyQueue } from './backend.js'

/**
 * A queue opened on first use, and opened afresh after a failed start. BullMQ memoizes a Queue's
 * initialisation, failure included (the PostgreSQL backend's `waitUntilReady`, a Redis queue
 * started while its client was down), so a Queue first used during an outage would stay broken
 * after the backend returns.
 */
export class ReopeningQueue<D = unknown> {
  private current: Promise<AnyQueue<D>> | undefined

  /**
   * @param open creates the (not yet started) queue.
   * @param startTimeoutMs how long a start may take before it counts as failed.
   */
  constructor(
    private readonly open: () => AnyQueue<D>,
    private readonly startTimeoutMs: number,
  ) {}

  /** The started queue; a failed start rejects this call and the next one starts a new queue. */
  get(): Promise<AnyQueue<D>> {
    if (this.current === undefined) {
      const starting = this.start()
      this.current = starting
      starting.catch(() => {
        if (this.current === starting) this.current = undefined
      })
    }
    return this.current
  }

  private async start(): Promise<AnyQueue<D>> {
    const queue = this.open()
    // Connection errors reach callers through the calls they make; don't crash on the event.
    queue.on('error', () => {})
    try {
      await withTimeout(queue.waitUntilReady(), this.startTimeoutMs, 'opening the queue')
      return queue
    } catch (error) {
      void queue.close().catch(() => {})
      throw error
    }
  }

  async close(): Promise<void> {
    const queue = await this.current?.catch(() => undefined)
    this.current = undefined
    await queue?.close().catch(() => {})
  }
}
