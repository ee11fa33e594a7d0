import type { FastifyReply } from 'fastify'
import { InFlightPerClient } from '../limits/in-flight-per-client.js'
import { tooManyRequests } from '../limits/too-many-requests.js'

export interface HeavyDownloadSettings {
  /** What all heavy responses in progress on this instance may hold in memory together. */
  memoryBytes: number
  /** Heavy responses one client address may have in progress at once. */
  perClient: number
  /** A response whose client reads nothing for this long is ended: it would hold its share forever. */
  stallMs: number
}

/**
 * The one budget shared by the responses that can be large — bundles, and assets too large to
 * send in one piece. Each streams from Postgres a slice at a time, so what it holds is bounded
 * whatever the conversion's size; it reserves that here for as long as it is being sent. Past the
 * budget, or past its client's share, the answer is 429 with Retry-After before anything is read:
 * a burst of downloads degrades to refusals a client can retry, not to an out-of-memory crash.
 */
export class HeavyDownloads {
  private held = 0
  private readonly inFlight: InFlightPerClient

  constructor(readonly settings: HeavyDownloadSettings) {
    this.inFlight = new InFlightPerClient(settings.perClient)
  }

  /** What is reserved now (for tests and the ops view). */
  get heldBytes(): number {
    return this.held
  }

  /**
   * Reserves `bytes` for this response until its connection is done with it (sent, aborted, or
   * ended for stalling); throws the 429 when there is no room. A response larger than the whole
   * budget may still go alone.
   */
  hold(reply: FastifyReply, client: string, bytes: number): void {
    const { memoryBytes, perClient, stallMs } = this.settings
    const reserved = Math.min(bytes, memoryBytes)
    if (!this.inFlight.enter(client))
      throw tooManyRequests(`this address already has ${perClient} large downloads in progress, the most it may`, 5)
    if (this.held + reserved > memoryBytes) {
      this.inFlight.leave(client)
      throw tooManyRequests('the server is sending as many large downloads as it can hold right now', 5)
    }
    this.held += reserved
    let released = false
    reply.raw.once('close', () => {
      if (released) return
      released = true
      this.held -= reserved
      this.inFlight.leave(client)
    })
    // Socket inactivity, not a deadline: a slow reader that keeps reading keeps its download.
    reply.raw.setTimeout(stallMs, () => reply.raw.destroy())
  }
}
