/** Who is signed in: kept in the session so `/api/auth/me` needs no extra query. */
export interface SessionUser {
  id: string
  email: string
  role: 'user' | 'admin'
}

/**
 * Set by the store when it loads or creates a session; never written back as data.
 *
 * @fastify/session fingerprints the whole session (stable JSON, then SHA-256) when it restores
 * it and again before answering, to tell whether it must be saved. The store's bookkeeping is
 * never a reason to save, so it stays out of that JSON: the fingerprint covers only the data,
 * and costs a third less on every signed-in request.
 */
export class StoredSession {
  constructor(
    /** Hash of the cookie token: the `sessions.id` primary key. */
    readonly id: string,
    readonly createdAt: number,
    readonly lastSeenAt: number,
    readonly expiresAt: number,
    readonly absoluteExpiresAt: number,
  ) {}

  private iso: { createdAt: string; expiresAt: string } | undefined

  /** What `/api/auth/me` shows of it, formatted once per stored record rather than per request. */
  get times(): { createdAt: string; expiresAt: string } {
    return (this.iso ??= {
      createdAt: new Date(this.createdAt).toISOString(),
      expiresAt: new Date(Math.min(this.expiresAt, this.absoluteExpiresAt)).toISOString(),
    })
  }

  toJSON(): undefined {
    return undefined
  }
}

/** Where a session was created from, for the "my sessions" list. */
export interface SessionClient {
  userAgent: string | null
  ip: string | null
}

declare module 'fastify' {
  interface Session {
    user?: SessionUser
    /** Anonymous owner id: proposals created before sign-in belong to it until claimed. */
    visitorId?: string
    client?: SessionClient
    stored?: StoredSession
  }
}

/** A session as Postgres holds it and Redis caches it (times in epoch ms). */
export interface SessionRecord {
  userId: string | null
  visitorId: string | null
  data: Record<string, unknown>
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  absoluteExpiresAt: number
}

export function isLive(record: Pick<SessionRecord, 'expiresAt' | 'absoluteExpiresAt'>, now = Date.now()): boolean {
  return record.expiresAt > now && record.absoluteExpiresAt > now
}
