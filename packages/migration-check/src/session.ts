import type { Sql } from 'postgres'
import { acquireMigrationLock } from './advisory-lock.js'
import type { MigrationCheckConfig } from './config.js'
import { connect, type Connection } from './connect.js'
import { formatMs, type Reporter } from './reporter.js'

/** Connects (with retries), runs `work`, and always closes the pool. */
export async function withConnection<T>(config: MigrationCheckConfig, reporter: Reporter, work: (connection: Connection) => Promise<T>): Promise<T> {
  reporter.info(`database   ${config.database.redacted}`)
  const connection = await connect(config, reporter)
  reporter.info(`connected  in ${formatMs(connection.connectMs)} (PostgreSQL ${connection.serverVersion})`)
  try {
    return await work(connection)
  } finally {
    await connection.database.close(5)
  }
}

/** Runs `work` holding the migration lock: concurrent runs wait here, one at a time. */
export async function withMigrationLock<T>(sql: Sql, config: MigrationCheckConfig, reporter: Reporter, work: (waitedMs: number) => Promise<T>): Promise<T> {
  const lock = await acquireMigrationLock(sql, config.lockWaitMs, reporter)
  reporter.info(`lock       acquired in ${formatMs(lock.waitedMs)}`)
  try {
    return await work(lock.waitedMs)
  } finally {
    await lock.release()
  }
}
