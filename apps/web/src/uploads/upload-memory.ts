/**
 * What every upload in flight on this instance holds in memory, bounded: each file is kept in
 * memory until all files of its request have been checked, and the bytes are reserved here as
 * they arrive — chunk by chunk, while the body streams in — so a burst of large or slow uploads
 * is refused (503) instead of exhausting the heap.
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
}
