import type { Sql } from 'postgres'

/**
 * Removes the source bytes of finished conversions older than `days`, in batches. The row, its
 * Markdown and its stats stay; only the upload itself goes.
 */
export async function removeOldUploads(sql: Sql, days: number, batchSize = 200): Promise<number> {
  let total = 0
  while (true) {
    const cleared = await sql`
      update conversions set source_bytes = null, updated_at = now() where id in (
        select id from conversions
        where source_bytes is not null and status in ('succeeded', 'failed') and created_at < now() - make_interval(days => ${days})
        limit ${batchSize} for update skip locked)
      returning 1`
    total += cleared.length
    if (cleared.length < batchSize) return total
  }
}
