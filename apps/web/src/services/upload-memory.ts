/**
 * Uploads are held in memory until stored (every file of a request is validated before any is
 * kept). This bounds what all requests of the process hold together, so a burst of large uploads
 * is answered 503 instead of exhausting the heap.
 */
export class UploadMemory {
  private held = 0

  constructor(readonly limitBytes: number) {}

  /** Reserves `bytes`; false when that would pass the limit. */
  take(bytes: number): boolean {
    if (this.held + bytes > this.limitBytes) return false
    this.held += bytes
    return true
  }

  release(bytes: number): void {
    this.held -= bytes
  }

  get inUse(): number {
    return this.held
  }
}
