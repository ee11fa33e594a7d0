/**
 * Uploads each client has in progress on this instance. A client that opens many slow uploads
 * at once would otherwise hold many connections and a share of the upload memory each.
 */
export class UploadsInFlight {
  private readonly counts = new Map<string, number>()

  constructor(private readonly perClient: number) {}

  /** Starts an upload for `client`; false when it already has as many as it may. */
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
