import type { ReservedSql, Sql } from 'postgres'
import type { MigrationCheckConfig } from './config.js'
import { MigrationCheckError } from './exit-codes.js'
import { formatMs, type Reporter } from './reporter.js'
import { sleep, withTimeout } from './timing.js'

/**
 * The lock every migration-check run takes before touching anything: two int4 keys, so it is
 * recognisable in `pg_locks` (classid 1685218932 = 'drft', objid 1).
 */
export const MIGRATION_LOCK = { classId: 0x64726674, objId: 1 } as const

export interface HeldLock {
  waitedMs: number
  /** The connection that holds the lock. */
  connection: ReservedSql
  release: () => Promise<void>
}

interface Holder {
  pid: number
  application_name: string
  held_for: string
}

async function findHolder(sql: Sql): Promise<Holder | undefined> {
  const [holder] = await sql<Holder[]>`
    select a.pid, a.application_name, coalesce(date_trunc('second', now() - a.backend_start)::text, '?') as held_for
    from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.classid = ${MIGRATION_LOCK.classId} and l.objid = ${MIGRATION_LOCK.objId}
      and l.objsubid = 2 and l.granted
      -- Advisory locks are per database: the same key held in another database of the cluster is not ours.
      and l.database = (select oid from pg_database where datname = current_database())
  `
  return holder
}

/**
 * Waits up to `waitMs` for the migration lock on a dedicated connection (session advisory locks
 * survive COMMIT and die with the connection, so a crashed run can never leave it held).
 */
export async function acquireMigrationLock(sql: Sql, waitMs: number, reporter: Reporter): Promise<HeldLock> {
  const started = performance.now()
  const connection = await withTimeout(sql.reserve(), 30_000, 'reserving a connection for the migration lock')
  let delay = 100
  let nextNotice = 0
  let holder: Holder | undefined
  try {
    while (true) {
      const [row] = await withTimeout(
        connection<
          { locked: boolean }[]
        >`select pg_try_advisory_lock(${MIGRATION_LOCK.classId}, ${MIGRATION_LOCK.objId}) as locked`,
        30_000,
        'taking the migration lock',
      )
      if (row?.locked) break
      const waited = performance.now() - started
      holder = (await findHolder(connection)) ?? holder
      if (waited >= waitMs) {
        const who = holder
          ? `pid ${holder.pid} (${holder.application_name || 'no application_name'}, connected ${holder.held_for})`
          : 'another session'
        throw new MigrationCheckError(
          'lockTimeout',
          `the migration lock is still held by ${who} after ${formatMs(waited)}`,
          holder
            ? `wait for the other deploy to finish and retry; if nothing is deploying, end that session (SELECT pg_terminate_backend(${holder.pid})) or raise MIGRATION_LOCK_WAIT_S`
            : 'wait for the other deploy to finish and retry, or raise MIGRATION_LOCK_WAIT_S',
        )
      }
      if (waited >= nextNotice) {
        reporter.info(
          `waiting for the migration lock held by ${holder ? `pid ${holder.pid} (${holder.application_name})` : 'another run'}…`,
        )
        nextNotice = waited + 15_000
      }
      await sleep(Math.min(delay, Math.max(0, waitMs - waited)))
      delay = Math.min(delay * 2, 2000)
    }
  } catch (error) {
    connection.release()
    throw error
  }
  return {
    waitedMs: performance.now() - started,
    connection,
    release: async () => {
      try {
        await withTimeout(
          connection`select pg_advisory_unlock(${MIGRATION_LOCK.classId}, ${MIGRATION_LOCK.objId})`,
          10_000,
          'releasing the migration lock',
        )
      } finally {
        connection.release()
      }
    },
  }
}

/**
 * Runs `work` holding the migration lock: concurrent runs wait here, one at a time. `work` also
 * gets the lock's own connection, where reads need no second connection of the pool (a no-op
 * predeploy runs nothing else, ADR 094); transactions belong on the pool.
 */
export async function withMigrationLock<T>(
  sql: Sql,
  config: MigrationCheckConfig,
  reporter: Reporter,
  work: (waitedMs: number, connection: ReservedSql) => Promise<T>,
): Promise<T> {
  const lock = await acquireMigrationLock(sql, config.lockWaitMs, reporter)
  reporter.info(`lock       acquired in ${formatMs(lock.waitedMs)}`)
  try {
    return await work(lock.waitedMs, lock.connection)
  } finally {
    await lock.release()
  }
}
