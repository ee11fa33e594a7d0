import type { Sql } from 'postgres'
import type { SessionRow } from './schema/sessions.js'

/**
 * The `sessions` table. Every request with a cookie reads it, so this is the one domain kept in
 * hand-written postgres.js SQL: single round trips (a write and its NOTIFY in one statement), no
 * query building on the hot path. Rows come back typed from the schema (`SessionRow`).
 */

/** The channel every session write and revoke is announced on (payload: `<instance>|<session id>`). */
export const SESSION_CHANNEL = 'draftsmith_sessions'

/** A session row as postgres.js returns it over drizzle's pool: timestamps as text (see client.ts). */
interface RawSessionRow {
  id: string
  user_id: string | null
  visitor_id: string | null
  data: Record<string, unknown>
  created_at: string
  last_seen_at: string
  expires_at: string
  absolute_expires_at: string
  user_agent: string | null
  ip: string | null
}

function toRow(raw: RawSessionRow): SessionRow {
  return {
    id: raw.id,
    userId: raw.user_id,
    visitorId: raw.visitor_id,
    data: raw.data,
    createdAt: new Date(raw.created_at),
    lastSeenAt: new Date(raw.last_seen_at),
    expiresAt: new Date(raw.expires_at),
    absoluteExpiresAt: new Date(raw.absolute_expires_at),
    userAgent: raw.user_agent,
    ip: raw.ip,
  }
}

export interface NewSession {
  id: string
  userId: string | null
  visitorId: string | null
  data: Record<string, unknown>
  idleTimeoutMs: number
  absoluteTimeoutMs: number
  userAgent: string | null
  ip: string | null
}

export interface SessionQueriesOptions {
  /**
   * Announce every write and revoke on {@link SESSION_CHANNEL} in the same statement, tagged with
   * this instance id (so the instance can ignore its own). @default no announcements
   */
  notifyAs?: string
}

export class SessionQueries {
  private readonly instance: string | undefined

  constructor(
    private readonly sql: Sql,
    options: SessionQueriesOptions = {},
  ) {
    this.instance = options.notifyAs
  }

  /** `, pg_notify(...)` for a query over rows with an `id`. */
  private notify() {
    return this.instance === undefined
      ? this.sql``
      : this.sql`, pg_notify(${SESSION_CHANNEL}, ${`${this.instance}|`} || id) as notified`
  }

  async find(id: string): Promise<SessionRow | undefined> {
    const [row] = await this.sql<RawSessionRow[]>`select * from sessions where id = ${id}`
    return row && toRow(row)
  }

  async delete(id: string): Promise<void> {
    await this.sql`delete from sessions where id = ${id}`
  }

  /** Saves a session loaded earlier; undefined when it was revoked or expired meanwhile (never re-created). */
  async update(id: string, values: Pick<SessionRow, 'userId' | 'visitorId' | 'data'>): Promise<SessionRow | undefined> {
    const [row] = await this.sql<RawSessionRow[]>`
      with s as (
        update sessions set user_id = ${values.userId}, visitor_id = ${values.visitorId}, data = ${JSON.stringify(values.data)}
        where id = ${id} and expires_at > now() and absolute_expires_at > now()
        returning *)
      select s.* ${this.notify()} from s`
    return row && toRow(row)
  }

  async insert(session: NewSession): Promise<SessionRow> {
    const [row] = await this.sql<RawSessionRow[]>`
      insert into sessions (id, user_id, visitor_id, data, expires_at, absolute_expires_at, user_agent, ip)
      values (${session.id}, ${session.userId}, ${session.visitorId}, ${JSON.stringify(session.data)},
        now() + ${session.idleTimeoutMs} * interval '1 millisecond',
        now() + ${session.absoluteTimeoutMs} * interval '1 millisecond',
        ${session.userAgent?.slice(0, 512) ?? null}, ${session.ip})
      returning *`
    return toRow(row as RawSessionRow)
  }

  /** Pushes the idle expiry forward, never past the absolute one; undefined once the session is gone. */
  async touch(id: string, idleTimeoutMs: number): Promise<SessionRow | undefined> {
    const [row] = await this.sql<RawSessionRow[]>`
      update sessions set last_seen_at = now(),
        expires_at = least(now() + ${idleTimeoutMs} * interval '1 millisecond', absolute_expires_at)
      where id = ${id} and expires_at > now() and absolute_expires_at > now()
      returning *`
    return row && toRow(row)
  }

  /** Deletes these sessions; returns the ids that existed. */
  async revoke(ids: string[]): Promise<string[]> {
    const rows = await this.sql<
      { id: string }[]
    >`with d as (delete from sessions where id = any(${ids}) returning id) select d.id ${this.notify()} from d`
    return rows.map((r) => r.id)
  }

  /** Deletes one session of this user; false when the user has no such session. */
  async revokeForUser(userId: string, id: string): Promise<boolean> {
    const rows = await this.sql<{ id: string }[]>`
      with d as (delete from sessions where id = ${id} and user_id = ${userId} returning id) select d.id ${this.notify()} from d`
    return rows.length > 0
  }

  /** Deletes every session of the user but `keepId`; returns their ids. */
  async revokeOthers(userId: string, keepId: string): Promise<string[]> {
    const rows = await this.sql<{ id: string }[]>`
      with d as (delete from sessions where user_id = ${userId} and id <> ${keepId} returning id) select d.id ${this.notify()} from d`
    return rows.map((r) => r.id)
  }

  /** The user's live sessions, most recently seen first. */
  async listForUser(userId: string): Promise<SessionRow[]> {
    const rows = await this.sql<RawSessionRow[]>`
      select id, user_id, visitor_id, '{}'::jsonb as data, created_at, last_seen_at, expires_at, absolute_expires_at,
        user_agent, host(ip) as ip
      from sessions
      where user_id = ${userId} and expires_at > now() and absolute_expires_at > now()
      order by last_seen_at desc`
    return rows.map(toRow)
  }

  /** For the ops endpoint: all rows, live ones, and those created in the last 24 hours. */
  async stats(): Promise<{ total: number; active: number; recent: number }> {
    const [counts] = await this.sql<{ total: number; active: number; recent: number }[]>`
      select count(*)::int as total,
        count(*) filter (where expires_at > now() and absolute_expires_at > now())::int as active,
        count(*) filter (where created_at > now() - interval '24 hours')::int as recent
      from sessions`
    return counts ?? { total: 0, active: 0, recent: 0 }
  }

  /**
   * Deletes expired sessions (idle or absolute) in batches, so a large backlog never holds one
   * long lock. `skip locked` leaves rows another worker is deleting to that worker. Caches need
   * no notice: every cached session carries its own expiry.
   */
  async deleteExpired(batchSize = 1000): Promise<number> {
    let total = 0
    while (true) {
      const deleted = await this.sql`
        delete from sessions where id in (
          select id from sessions where expires_at < now() or absolute_expires_at < now()
          limit ${batchSize} for update skip locked)
        returning 1`
      total += deleted.length
      if (deleted.length < batchSize) return total
    }
  }

  /** Subscribes this connection to {@link SESSION_CHANNEL} (the change feed's own connection). */
  async listen(): Promise<void> {
    await this.sql`listen ${this.sql(SESSION_CHANNEL)}`
  }
}
