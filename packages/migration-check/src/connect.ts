import { createSqlClient, type SqlClient } from '@draftsmith/db/sql-client'
import { errorMessage } from '@draftsmith/db/errors'
import type { MigrationCheckConfig } from './config.js'
import { MigrationCheckError } from './exit-codes.js'
import { formatMs, type Reporter } from './reporter.js'
import { backoffMs, sleep, withTimeout } from './timing.js'

export interface Connection {
  database: SqlClient
  serverVersion: string
  connectMs: number
}

/** Errors no retry can fix: the URL or the server's settings must change. */
const configurationCodes: Record<string, string> = {
  '28P01': 'check the user and password in DATABASE_URL',
  '28000': 'check the user in DATABASE_URL and the server’s pg_hba rules',
  '3D000': 'create the database or fix its name in DATABASE_URL',
  SELF_SIGNED_CERT_IN_CHAIN: 'use sslmode=require (encrypted, not verified) or trust the server’s CA',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'use sslmode=require (encrypted, not verified) or trust the server’s CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'use sslmode=require (encrypted, not verified) or trust the server’s CA',
  ERR_TLS_CERT_ALTNAME_INVALID: 'connect with the host name on the server’s certificate, or use sslmode=require',
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * Connects with retries and exponential backoff until `connectTimeoutMs` has passed: on a PaaS
 * the database can still be starting when the predeploy begins. Each attempt uses a fresh pool
 * so a half-open socket from a failed attempt cannot poison the next one.
 */
export async function connect(config: MigrationCheckConfig, reporter: Reporter): Promise<Connection> {
  const started = performance.now()
  const deadline = started + config.connectTimeoutMs
  let attempt = 0
  let lastError: unknown
  while (true) {
    attempt++
    const remaining = deadline - performance.now()
    // Raw queries only: drizzle-orm's driver and relational layer are not loaded (ADR 066).
    const database = createSqlClient(config.database, {
      applicationName: 'migration-check',
      // One reserved connection holds the advisory lock; transactions need the others.
      max: 3,
      connectTimeoutSeconds: Math.max(1, Math.min(10, Math.ceil(remaining / 1000))),
      lockTimeoutMs: config.lockTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
    })
    try {
      const [row] = await withTimeout(
        database.sql<{ version: string }[]>`select current_setting('server_version') as version`,
        Math.max(1000, Math.min(remaining, 11_000)),
        'connecting',
      )
      return {
        database,
        serverVersion: row?.version.split(' ')[0] ?? 'unknown',
        connectMs: performance.now() - started,
      }
    } catch (error) {
      lastError = error
      await database.close(0).catch(() => {})
      const code = errorCode(error)
      const fix = code === undefined ? undefined : configurationCodes[code]
      if (fix !== undefined) {
        throw new MigrationCheckError(
          'configuration',
          `cannot use ${config.database.redacted}: ${errorMessage(error)}`,
          fix,
          { cause: error },
        )
      }
      const wait = Math.min(backoffMs(attempt), deadline - performance.now())
      if (wait <= 0) break
      reporter.warn(`database not reachable yet (${errorMessage(error)}); retry ${attempt + 1} in ${formatMs(wait)}`)
      await sleep(wait)
    }
  }
  throw new MigrationCheckError(
    'unreachable',
    `could not reach ${config.database.redacted} within ${formatMs(config.connectTimeoutMs)} (${attempt} attempts; last error: ${errorMessage(lastError)})`,
    'check that the database is running and reachable from here (on Render: the internal URL, same region), or raise MIGRATION_CONNECT_TIMEOUT_S',
    { cause: lastError },
  )
}

/** Connects (with retries), runs `work`, and always closes the pool. */
export async function withConnection<T>(
  config: MigrationCheckConfig,
  reporter: Reporter,
  work: (connection: Connection) => Promise<T>,
): Promise<T> {
  reporter.info(`database   ${config.database.redacted}`)
  const connection = await connect(config, reporter)
  reporter.info(`connected  in ${formatMs(connection.connectMs)} (PostgreSQL ${connection.serverVersion})`)
  try {
    return await work(connection)
  } finally {
    await connection.database.close(5)
  }
}
