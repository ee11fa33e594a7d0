/**
 * Requests of one kind each client has in progress on this instance (uploads, heavy downloads),
 * keyed by {@link clientKey}. A client that opens many slow ones at once would otherwise hold
 * many connections and a share of a memory budget each.
 */
export class InFlightPerClient {
  private readonly counts = new Map<string, number>()

  constructor(readonly perClient: number) {}

  /** Starts one for `client`; false when it already has as many as it may. */
  enter(client: string): boolean {
    const current = this.counts.get(client) ?? 0
    if (current >= this.perClient) return false
    this.counts.set(client, current + 1)
    return true
  }

  leave(client: string): void {
    const current = this.counts.get(client) ?? 0
    if (current <= 1) this.counts.delete(client)
    else this.counts.set(client, current - 1)
  }
}
