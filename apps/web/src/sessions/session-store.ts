import { isConnectionError } from '@draftsmith/db/errors'
import type { SessionRow } from '@draftsmith/db/schema'
import type { SessionQueries } from '@draftsmith/db/sessions'
import type { Session } from 'fastify'
import type { LocalSessionCache } from './local-cache.js'
import type { SessionCache } from './session-cache.js'
import { isLive, StoredSession, type SessionClient, type SessionRecord } from './session-record.js'
import { hashToken } from './token.js'

export interface SessionTimeouts {
  idleTimeoutMs: number
  absoluteTimeoutMs: number
}

export interface SessionListItem {
  id: string
  userAgent: string | null
  ip: string | null
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
}

/** Postgres is unreachable: the errors plugin answers 503, not 500 (and nobody is logged out). */
export class SessionStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the session store (Postgres) is unavailable', { cause })
    this.name = 'SessionStoreUnavailableError'
  }
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    userId: row.userId,
    visitorId: row.visitorId,
    data: row.data,
    createdAt: row.createdAt.getTime(),
    lastSeenAt: row.lastSeenAt.getTime(),
    expiresAt: row.expiresAt.getTime(),
    absoluteExpiresAt: row.absoluteExpiresAt.getTime(),
  }
}

function stored(id: string, record: SessionRecord): StoredSession {
  return new StoredSession(id, record.createdAt, record.lastSeenAt, record.expiresAt, record.absoluteExpiresAt)
}

/** What @fastify/session restores a Session from: the data, plus where it is stored. */
function toSession(id: string, record: SessionRecord): Session {
  return { ...record.data, stored: stored(id, record) } as Session
}

/** The session's own data: everything but the cookie and what the store manages. */
function dataOf(session: Session): Record<string, unknown> {
  const { cookie: _cookie, stored: _stored, client: _client, ...data } = session as Session & Record<string, unknown>
  return data
}

function callback<T>(work: Promise<T>, done: (error: unknown, result?: T) => void): void {
  work.then(
    (result) => done(null, result),
    (error: unknown) => done(error),
  )
}

export interface SessionCaches {
  /** Redis, shared by all instances (when REDIS_URL is set). */
  shared?: SessionCache
  /** This process's memory, invalidated through the change feed. */
  local?: LocalSessionCache
}

/**
 * The @fastify/session store: Postgres is the store of record, Redis (when configured) a
 * read-through, write-through cache shared by all instances, and a few seconds of process memory
 * in front of both (kept honest by Postgres LISTEN/NOTIFY). Only the SHA-256 of the cookie token
 * is stored.
 *
 * A session loaded from the store carries `stored`; saving it is an UPDATE that matches no row
 * once the session was revoked, so a request still in flight cannot re-create a session that
 * logout or revoke-others just deleted. Only a session without `stored` is INSERTed.
 */
export class SessionStore {
  private readonly cache: SessionCache | undefined
  private readonly local: LocalSessionCache | undefined
  private readonly fromRecord = new WeakMap<SessionRecord, Session>()

  constructor(
    /** Built with `notifyAs` when a change feed listens, so other instances hear of every change. */
    private readonly queries: SessionQueries,
    caches: SessionCaches,
    private readonly timeouts: SessionTimeouts,
  ) {
    this.cache = caches.shared
    this.local = caches.local
  }

  get cacheInUse(): boolean {
    return this.cache?.usable ?? false
  }

  // ---- the @fastify/session store interface (callback style) ----

  get(token: string, done: (error: unknown, session?: Session | null) => void): void {
    const id = hashToken(token)
    // The common case, answered from this process's memory without a promise in between.
    const local = this.fromMemory(id)
    if (local !== undefined) done(null, local)
    else callback(this.load(id), done)
  }

  set(token: string, session: Session, done: (error?: unknown) => void): void {
    callback(this.save(hashToken(token), session), done)
  }

  destroy(token: string, done: (error?: unknown) => void): void {
    callback(this.revoke([hashToken(token)]), done)
  }

  // ---- the rest of draftsmith's needs ----

  private fromMemory(id: string): Session | undefined {
    const local = this.local?.get(id)
    // An entry that looks expired here may have been touched by another instance: ask further.
    if (local === undefined || !isLive(local)) return undefined
    // @fastify/session copies what the store returns into a new Session, never changing it: the
    // same record can hand every request the same object.
    let session = this.fromRecord.get(local)
    if (session === undefined) this.fromRecord.set(local, (session = toSession(id, local)))
    return session
  }

  async load(id: string): Promise<Session | null> {
    const local = this.fromMemory(id)
    if (local !== undefined) return local
    const mark = this.local?.mark() ?? 0
    const cached = this.cache ? await this.cache.lookup(id) : ({ kind: 'unavailable' } as const)
    if (cached.kind === 'revoked') return null
    if (cached.kind === 'hit' && isLive(cached.record)) {
      this.local?.set(id, cached.record, mark)
      return toSession(id, cached.record)
    }

    const row = await this.query(() => this.queries.find(id))
    if (row === undefined) return null
    const record = toRecord(row)
    if (!isLive(record)) {
      // Expired (idle or absolute): gone for good. Deleted lazily here, in bulk by the worker.
      await this.query(() => this.queries.delete(id))
      return null
    }
    if (cached.kind === 'miss') await this.cache?.populate(id, record, cached.generation)
    this.local?.set(id, record, mark)
    return toSession(id, record)
  }

  private async save(id: string, session: Session): Promise<void> {
    const data = dataOf(session)
    const userId = session.user?.id ?? null
    const visitorId = session.visitorId ?? null
    const mark = this.local?.mark() ?? 0
    let row: SessionRow | undefined
    if (session.stored) {
      row = await this.query(() => this.queries.update(id, { userId, visitorId, data }))
      // No row: revoked (or expired) while this request ran. Never bring it back.
      if (row === undefined) return
    } else {
      const client: SessionClient = session.client ?? { userAgent: null, ip: null }
      row = await this.query(() =>
        this.queries.insert({
          id,
          userId,
          visitorId,
          data,
          ...this.timeouts,
          userAgent: client.userAgent,
          ip: client.ip,
        }),
      )
    }
    if (row === undefined) return
    const record = toRecord(row)
    session.stored = stored(id, record)
    this.local?.set(id, record, mark)
    await this.cache?.write(id, record)
  }

  /**
   * Pushes the idle expiry forward (never past the absolute one). Called at most once per
   * touch interval per session, so an active session costs one write every few minutes.
   */
  async touch(id: string): Promise<StoredSession | undefined> {
    const mark = this.local?.mark() ?? 0
    const row = await this.query(() => this.queries.touch(id, this.timeouts.idleTimeoutMs))
    if (row === undefined) return undefined
    const record = toRecord(row)
    this.local?.set(id, record, mark)
    await this.cache?.write(id, record)
    return stored(id, record)
  }

  /** Deletes sessions by id (hash) and leaves tombstones in the cache. */
  async revoke(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0
    const deleted = await this.query(() => this.queries.revoke(ids))
    for (const id of ids) this.local?.delete(id)
    // Tombstones even for ids Postgres did not have: an entry may still sit in the cache.
    await this.cache?.revoke(ids)
    return deleted.length
  }

  async revokeForUser(userId: string, id: string): Promise<boolean> {
    if (!(await this.query(() => this.queries.revokeForUser(userId, id)))) return false
    this.local?.delete(id)
    await this.cache?.revoke([id])
    return true
  }

  /** Every other session of the user; returns how many were revoked. */
  async revokeOthers(userId: string, keepId: string): Promise<number> {
    const ids = await this.query(() => this.queries.revokeOthers(userId, keepId))
    for (const id of ids) this.local?.delete(id)
    await this.cache?.revoke(ids)
    return ids.length
  }

  async listForUser(userId: string): Promise<SessionListItem[]> {
    const rows = await this.query(() => this.queries.listForUser(userId))
    return rows.map(({ id, userAgent, ip, createdAt, lastSeenAt, expiresAt }) => ({
      id,
      userAgent,
      ip,
      createdAt,
      lastSeenAt,
      expiresAt,
    }))
  }

  /** For the ops endpoint. */
  stats() {
    return this.query(() => this.queries.stats())
  }

  private async query<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      throw isConnectionError(error) ? new SessionStoreUnavailableError(error) : error
    }
  }
}
