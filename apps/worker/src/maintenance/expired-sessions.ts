import type { Sql } from 'postgres'

/**
 * Deletes expired sessions (idle or absolute) in batches, so a large backlog never holds one
 * long lock. `skip locked` leaves rows another worker is deleting to that worker. Caches need
 * no notice: every cached session carries its own expiry.
 */
export async function deleteExpiredSessions(sql: Sql, batchSize = 1000): Promise<number> {
  let total = 0
  while (true) {
    const deleted = await sql`
      delete from sessions where id in (
        select id from sessions where expires_at < now() or absolute_expires_at < now()
        limit ${batchSize} for update skip locked)
      returning 1`
    total += deleted.length
    if (deleted.length < batchSize) return total
  }
}
