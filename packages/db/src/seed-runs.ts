import { eq } from 'drizzle-orm'
import type { Db, Tx } from './client.js'
import { seedRuns } from './schema/seed-runs.js'

export type { Tx }

export type SeedRun<T> = { ran: true; result: T } | { ran: false; ranAt: Date; details: Record<string, unknown> }

/**
 * Runs `work` once per database, however often (or however concurrently) it is invoked: the
 * seed's row in `seed_runs` is taken first in the same transaction, so a concurrent run waits,
 * then sees it done. What `work` returns as `details` is recorded with the run; if it throws,
 * nothing is recorded and the seed can run again.
 */
export async function runOnce<T>(
  db: Db,
  name: string,
  work: (tx: Tx) => Promise<{ result: T; details: Record<string, unknown> }>,
): Promise<SeedRun<T>> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx.insert(seedRuns).values({ name }).onConflictDoNothing().returning()
    if (claimed === undefined) {
      const [previous] = await tx.select().from(seedRuns).where(eq(seedRuns.name, name))
      return { ran: false, ranAt: previous?.ranAt ?? new Date(0), details: previous?.details ?? {} }
    }
    const { result, details } = await work(tx)
    await tx.update(seedRuns).set({ details }).where(eq(seedRuns.name, name))
    return { ran: true, result }
  })
}
