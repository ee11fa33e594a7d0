import type { Db } from './client.js'
import { instanceStoredBytes } from './usage.js'

/** The instance stores as much as it may for everyone together (STORAGE_TOTAL_BYTES, ADR 106). */
export class InstanceFullError extends Error {
  constructor() {
    super('this instance is full: it stores as much as it may for everyone together')
    this.name = 'InstanceFullError'
  }
}

/** How long a read of the instance's total stands: one query per interval, whatever the upload rate. */
const READ_EVERY_MS = 5000

/**
 * The whole instance's storage ceiling: what every owner stores together (the same accounting as
 * the per-owner quota) may not pass `totalBytes`, so no number of visitors and addresses can fill
 * the database's disk (ADR 106). One per process: the web's uploads and the worker's results.
 *
 * The total is read from Postgres at most every few seconds. Between reads, what this process
 * accepts is added to it, and what it is about to store counts from the moment it is allowed, so a
 * burst between reads, or uploads running side by side, cannot pass the ceiling from this process;
 * every estimate errs towards more bytes, never fewer.
 */
export class InstanceStorage {
  private lastRead: { bytes: number; at: number } | undefined
  private reading: Promise<void> | undefined
  /** Allowed and not yet stored (or given back). */
  private pending = 0
  /** Stored by this process since the last read began: that read may not have seen it. */
  private storedSinceRead = 0

  constructor(
    private readonly db: Db,
    readonly totalBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Allows `bytes` more (at least one: a retry, which adds none now, still makes Markdown), or
   * throws {@link InstanceFullError}. What is allowed is held until {@link stored} or {@link release}.
   */
  async reserve(bytes: number): Promise<void> {
    const held = await this.heldBytes()
    const adding = Math.max(bytes, 1)
    if (held + adding > this.totalBytes) throw new InstanceFullError()
    this.pending += bytes
  }

  /** The reserved bytes are now stored (committed). */
  stored(bytes: number): void {
    this.pending -= bytes
    this.storedSinceRead += bytes
  }

  /** The reserved bytes will not be stored after all. */
  release(bytes: number): void {
    this.pending -= bytes
  }

  /** Something was deleted: the next reservation reads the total again, so the room shows at once. */
  forget(): void {
    this.lastRead = undefined
  }

  private async heldBytes(): Promise<number> {
    if (!this.lastRead || this.now() - this.lastRead.at >= READ_EVERY_MS) {
      this.reading ??= this.read().finally(() => (this.reading = undefined))
      await this.reading
    }
    return (this.lastRead?.bytes ?? 0) + this.storedSinceRead + this.pending
  }

  private async read(): Promise<void> {
    const at = this.now()
    const storedBefore = this.storedSinceRead
    const bytes = await instanceStoredBytes(this.db)
    // Stored before the read began is in it; stored while it ran may be too — then it counts twice
    // until the next read, which errs towards refusing.
    this.storedSinceRead -= storedBefore
    this.lastRead = { bytes, at }
  }
}
