import { LRUCache } from 'lru-cache'
import type { SessionRecord } from './session-record.js'

/**
 * The first cache level: sessions this process read in the last couple of seconds, so a
 * signed-in request usually needs no network round trip at all. Only used while the change feed
 * is listening (see change-feed.ts): every write or revoke of a session, by any instance,
 * removes it here; a local revoke removes it at once.
 */
export class LocalSessionCache {
  private readonly entries: LRUCache<string, { record: SessionRecord; expires: number }>
  /** Off until the change feed listens, and off again the moment it stops. */
  enabled = false
  /**
   * Bumped by every removal. A record read from Redis or Postgres while a removal arrived may be
   * the very one removed, so `set` refuses it: the caller passes the mark taken before reading.
   */
  private invalidations = 0

  constructor(
    private readonly ttlMs: number,
    maxEntries = 10_000,
  ) {
    this.entries = new LRUCache({ max: maxEntries })
  }

  get(id: string): SessionRecord | undefined {
    if (!this.enabled) return undefined
    const entry = this.entries.get(id)
    if (entry === undefined) return undefined
    if (entry.expires <= Date.now()) {
      this.entries.delete(id)
      return undefined
    }
    return entry.record
  }

  /** Taken before reading a record that may be stored here; see `set`. */
  mark(): number {
    return this.invalidations
  }

  /** Keeps `record`, read after `mark` was taken, unless anything was removed since. */
  set(id: string, record: SessionRecord, mark: number): void {
    if (!this.enabled || this.ttlMs <= 0 || mark !== this.invalidations) return
    this.entries.set(id, { record, expires: Date.now() + this.ttlMs })
  }

  delete(id: string): void {
    this.invalidations++
    this.entries.delete(id)
  }

  /** Stop serving (and forget everything): the change feed is down. */
  disable(): void {
    this.invalidations++
    this.enabled = false
    this.entries.clear()
  }

  enable(): void {
    this.invalidations++
    this.entries.clear()
    this.enabled = this.ttlMs > 0
  }
}
