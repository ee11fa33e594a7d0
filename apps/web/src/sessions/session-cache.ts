import type { Redis } from 'ioredis'
import type { RedisGuard } from '../redis/redis-guard.js'
import type { SessionRecord } from './session-record.js'

/**
 * Redis as a read-through, write-through cache in front of the `sessions` table, built so that
 * it can never serve a session Postgres no longer has:
 *
 * - **Tombstones.** Revoking writes `!` instead of deleting, and every write refuses to replace
 *   a tombstone (a Lua check), so a request that read the row just before the revoke cannot put
 *   it back.
 * - **Generations.** Each entry is stamped with the cache generation current when it was
 *   written, and read in the same round trip as the generation (`MGET gen key`); an entry of
 *   another generation is a miss. Whenever a cache write or revoke fails (Redis down, breaker
 *   open), the cache is not read again until the generation has been bumped, which invalidates
 *   every entry written before the outage. A process also starts that way, so a restart during
 *   an outage cannot bring a stale entry back.
 * - **Populate-if-unchanged.** A read-through fill only succeeds when the generation is still
 *   the one seen at the miss, and the key holds nothing newer (no tombstone, no current entry).
 *
 * What remains: another instance that never lost Redis can serve an entry revoked by an
 * instance that did, until that instance reaches Redis again or the entry's TTL ends.
 */
export type CacheLookup =
  | { kind: 'hit'; record: SessionRecord }
  | { kind: 'revoked' }
  | { kind: 'miss'; generation: string }
  | { kind: 'unavailable' }

const TOMBSTONE = '!'

// Fill after a miss: only if the generation is still the one seen at the miss, and the key is
// empty or holds an entry of an older generation (never over a tombstone or a current entry).
const populateScript = `
local gen = redis.call('GET', KEYS[1]) or '0'
if gen ~= ARGV[1] then return 0 end
local current = redis.call('GET', KEYS[2])
if current then
  if current == '${TOMBSTONE}' then return 0 end
  local bar = string.find(current, '|', 1, true)
  if bar and string.sub(current, 1, bar - 1) == gen then return 0 end
end
redis.call('SET', KEYS[2], gen .. '|' .. ARGV[2], 'EX', ARGV[3])
return 1`

const writeScript = `
if redis.call('GET', KEYS[2]) == '${TOMBSTONE}' then return 0 end
local gen = redis.call('GET', KEYS[1]) or '0'
redis.call('SET', KEYS[2], gen .. '|' .. ARGV[1], 'EX', ARGV[2])
return 1`

interface CacheCommands {
  sessionPopulate(genKey: string, key: string, generation: string, value: string, ttl: number): Promise<number>
  sessionWrite(genKey: string, key: string, value: string, ttl: number): Promise<number>
}

export interface SessionCacheOptions {
  /** Key prefix, e.g. `draftsmith:`; tests use one per file. */
  prefix: string
  /** Upper bound on an entry's life in seconds; never past the session's own expiry. */
  ttlSeconds: number
}

export class SessionCache {
  private readonly guard: RedisGuard
  private readonly genKey: string
  private readonly prefix: string
  private readonly ttlSeconds: number
  /** Counts failed writes and revokes: each may have left an entry that should be gone. */
  private failures = 0
  /**
   * `failures` as it was when the generation was last bumped. The cache is trusted only while the
   * two agree; a failure during the bump itself leaves them apart, so the next read bumps again.
   * A process starts untrusted, so a restart during an outage cannot bring a stale entry back.
   */
  private bumpedAt = -1

  constructor(guard: RedisGuard, options: SessionCacheOptions) {
    this.guard = guard
    this.prefix = `${options.prefix}session:`
    this.genKey = `${this.prefix}generation`
    this.ttlSeconds = options.ttlSeconds
    const client = guard.client as Redis & Partial<CacheCommands>
    if (!client.sessionPopulate) client.defineCommand('sessionPopulate', { numberOfKeys: 2, lua: populateScript })
    if (!client.sessionWrite) client.defineCommand('sessionWrite', { numberOfKeys: 2, lua: writeScript })
  }

  /** Whether Redis is in use right now (breaker closed). A pending invalidation is done by the next read. */
  get usable(): boolean {
    return this.guard.available
  }

  private key(id: string): string {
    return `${this.prefix}${id}`
  }

  private commands(client: Redis): CacheCommands {
    return client as unknown as CacheCommands
  }

  private ttlFor(record: SessionRecord): number {
    const left = Math.floor((Math.min(record.expiresAt, record.absoluteExpiresAt) - Date.now()) / 1000)
    return Math.max(1, Math.min(this.ttlSeconds, left))
  }

  async lookup(id: string): Promise<CacheLookup> {
    if (!this.guard.available) return { kind: 'unavailable' }
    try {
      if (this.bumpedAt !== this.failures) {
        const failures = this.failures
        await this.guard.run((redis) => redis.incr(this.genKey))
        this.bumpedAt = failures
      }
      const [generation, value] = await this.guard.run((redis) => redis.mget(this.genKey, this.key(id)))
      const current = generation ?? '0'
      if (value === null || value === undefined) return { kind: 'miss', generation: current }
      if (value === TOMBSTONE) return { kind: 'revoked' }
      const bar = value.indexOf('|')
      if (value.slice(0, bar) !== current) return { kind: 'miss', generation: current }
      return { kind: 'hit', record: JSON.parse(value.slice(bar + 1)) as SessionRecord }
    } catch {
      return { kind: 'unavailable' }
    }
  }

  /** After a miss: fill the entry, unless the generation moved, someone wrote first, or it was revoked. */
  async populate(id: string, record: SessionRecord, generation: string): Promise<void> {
    try {
      await this.guard.run((redis) =>
        this.commands(redis).sessionPopulate(
          this.genKey,
          this.key(id),
          generation,
          JSON.stringify(record),
          this.ttlFor(record),
        ),
      )
    } catch {
      // A failed fill leaves nothing stale behind: nothing to invalidate.
    }
  }

  /** After Postgres accepted a change: replace the entry, unless it was revoked meanwhile. */
  async write(id: string, record: SessionRecord): Promise<void> {
    try {
      await this.guard.run((redis) =>
        this.commands(redis).sessionWrite(this.genKey, this.key(id), JSON.stringify(record), this.ttlFor(record)),
      )
    } catch {
      this.failures++
    }
  }

  /** After Postgres deleted the session: leave a tombstone (lives as long as any entry could). */
  async revoke(ids: string[]): Promise<void> {
    if (ids.length === 0) return
    try {
      await this.guard.run((redis) => {
        const pipeline = redis.pipeline()
        for (const id of ids) pipeline.set(this.key(id), TOMBSTONE, 'EX', this.ttlSeconds)
        return pipeline.exec()
      })
    } catch {
      this.failures++
    }
  }
}
