import { sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'

/** One page of a list, newest first, and where the next one starts (`null` on the last page). */
export interface Page<T> {
  items: T[]
  next: string | null
}

/** Where a page starts: after the row with this creation time and id. */
export interface PageRequest {
  /** Rows per page. @default 50 */
  limit?: number
  /** The `next` of the previous page; absent for the first. */
  cursor?: string
}

/** Raised for a cursor this service did not hand out: the route answers 400. */
export class InvalidCursorError extends Error {
  constructor() {
    super('this cursor is not one the API handed out; start again without it')
    this.name = 'InvalidCursorError'
  }
}

/** Where a row sits in the order: its creation time as Postgres prints it, and its id. */
export interface Position {
  createdAtText: string
  id: string
}

/** The column to select as a row's `createdAtText`: Postgres's own text, microseconds and all. */
export const positionText = (createdAt: PgColumn) => sql<string>`${createdAt}::text`

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** timestamptz as Postgres prints it: `2026-12-02 02:30:00.123456+00`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/

// Microseconds matter: Postgres keeps them, a JavaScript Date does not, and two rows created in
// the same millisecond must not fall between pages. The cursor keeps Postgres's own text.
function encode(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url')
}

function decode(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  if (createdAt === undefined || id === undefined || rest.length > 0 || !UUID.test(id) || !TIMESTAMP.test(createdAt)) {
    throw new InvalidCursorError()
  }
  return { createdAt, id }
}

/**
 * Keyset pagination on `(created_at desc, id desc)`: a page costs one index range scan whatever
 * the total, and rows inserted meanwhile never shift a page (no OFFSET).
 */
export function keyset(createdAt: PgColumn, id: PgColumn, request: PageRequest) {
  const limit = Math.min(Math.max(request.limit ?? 50, 1), 200)
  let after: SQL | undefined
  if (request.cursor !== undefined) {
    const position = decode(request.cursor)
    // A row comparison, which the (…, created_at desc, id desc) indexes serve as one range.
    after = sql`(${createdAt}, ${id}) < (${position.createdAt}::timestamptz, ${position.id}::uuid)`
  }
  return {
    /** The condition rows of this page meet (besides the list's own). */
    after,
    /** Fetch one row more than the page holds: its presence says a next page exists. */
    fetch: limit + 1,
    /** Cuts the fetched rows (selected with a `createdAtText`, see {@link positionText}) to a page. */
    page<T extends Position>(rows: T[]): Page<Omit<T, 'createdAtText'>> {
      const items = rows.slice(0, limit)
      const last = items.at(-1)
      return {
        items: items.map(({ createdAtText: _position, ...row }) => row),
        next: rows.length > limit && last !== undefined ? encode(last.createdAtText, last.id) : null,
      }
    },
  }
}
