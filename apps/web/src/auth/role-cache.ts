import type { User } from '@draftsmith/db/schema'
import { LRUCache } from 'lru-cache'

export type Role = User['role']

export interface RoleCacheOptions {
  /** How long a role read from Postgres is trusted: a changed role applies within this. @default 3000 */
  ttlMs?: number
  /** Accounts remembered at once. @default 10_000 */
  maxEntries?: number
}

/**
 * Each signed-in account's current role, read from Postgres and trusted for a few seconds. The
 * session keeps who signed in, not what they may do: a demotion (or a deleted account) reaches
 * every live session within `ttlMs`, on every instance, without a write to any session.
 */
export class RoleCache {
  /** `null`: the account is gone. */
  private readonly roles: LRUCache<string, Role | 'gone'>
  private readonly pending = new Map<string, Promise<Role | null>>()

  constructor(
    private readonly lookup: (userId: string) => Promise<Role | undefined>,
    options: RoleCacheOptions = {},
  ) {
    this.roles = new LRUCache({ max: options.maxEntries ?? 10_000, ttl: options.ttlMs ?? 3000 })
  }

  /** The role if it is known right now (no I/O): `null` for a deleted account, `undefined` if not known. */
  cached(userId: string): Role | null | undefined {
    const role = this.roles.get(userId)
    return role === 'gone' ? null : role
  }

  /** The current role, from memory or Postgres; concurrent requests for one account share a read. */
  get(userId: string): Promise<Role | null> {
    const known = this.cached(userId)
    if (known !== undefined) return Promise.resolve(known)
    let reading = this.pending.get(userId)
    if (reading === undefined) {
      reading = this.lookup(userId)
        .then((role) => {
          this.roles.set(userId, role ?? 'gone')
          return role ?? null
        })
        .finally(() => this.pending.delete(userId))
      this.pending.set(userId, reading)
    }
    return reading
  }
}
