/** Who is signed in: kept in the session so `/api/auth/me` needs no extra query. */
export interface SessionUser {
  id: string
  email: string
  role: 'user' | 'admin'
}

/** Set by the store when it loads or creates a session; never written back as data. */
export interface StoredSession {
  /** Hash of the cookie token: the `sessions.id` primary key. */
  id: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  absoluteExpiresAt: number
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
