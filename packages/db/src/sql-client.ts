import postgres, { type Notice, type Options, type Sql } from 'postgres'
import { parseDatabaseUrl, type DatabaseUrl } from './url.js'

export interface DatabaseOptions {
  /** Shown in `pg_stat_activity`. @default 'draftsmith' */
  applicationName?: string
  /** Pool size. @default 10 */
  max?: number
  /** Seconds to wait for a connection. @default 10 */
  connectTimeoutSeconds?: number
  /**
   * Longest wait, in seconds, for a free connection when every connection of the pool is busy or
   * failing to connect; past it the query fails with `CONNECTION_WAIT_TIMEOUT` (a connection error:
   * 503 in the web, a retry in the worker). Without it, during an outage under load, queries queued
   * faster than failed connection attempts drained them and requests hung past Postgres's return
   * (issue 22; patches/postgres@3.4.9.patch adds the option). @default 10
   */
  connectionWaitSeconds?: number
  /** Close idle connections after this many seconds. @default 30 */
  idleTimeoutSeconds?: number
  /**
   * Longest wait, in seconds, before a new connection attempt after failed ones. postgres.js's own
   * backoff grows to 20 s and is shared by the whole pool, so after a few seconds of outage every
   * query waited up to 20 s before even trying, long after the database was back (issue 22).
   * @default 1
   */
  maxReconnectDelaySeconds?: number
  /** Session `statement_timeout` in ms; 0 disables it. @default 0 */
  statementTimeoutMs?: number
  /** Session `lock_timeout` in ms; 0 disables it. @default 0 */
  lockTimeoutMs?: number
  /**
   * Server notices (e.g. "relation already exists, skipping"). postgres.js prints them with
   * console.log by default; here they are dropped unless a handler is given.
   */
  onNotice?: (notice: Notice) => void
  /** Extra postgres.js options, applied last. */
  postgres?: Options<Record<string, postgres.PostgresType>>
}

export interface SqlClient {
  /**
   * The postgres.js pool, with the types set as drizzle-orm sets them (see createSqlClient), so
   * raw queries behave alike with or without a Drizzle instance over the pool.
   */
  sql: Sql
  url: DatabaseUrl
  close: (timeoutSeconds?: number) => Promise<void>
}

/** Date/time types drizzle-orm leaves as strings, both ways (drizzle-orm/postgres-js/driver.js). */
const dateTimeOids = [1184, 1082, 1083, 1114, 1182, 1185, 1115, 1231]
/** Serializers for Date values of the date/time types: drizzle sends strings, raw queries may send Dates. */
const dateSerializerOids = [1082, 1083, 1114, 1184, 1266]

/**
 * Opens a postgres.js pool (lazily: nothing connects until the first query) without loading
 * drizzle-orm: for programs that only run raw queries, such as the predeploy, whose start-up is
 * on every deploy's path. Types are handled as {@link createDatabase}'s Drizzle instance handles
 * them: timestamps and dates come back as strings, json/jsonb parameters are sent as they are,
 * and Date parameters work.
 */
export function createSqlClient(databaseUrl: string | DatabaseUrl, options: DatabaseOptions = {}): SqlClient {
  const url = typeof databaseUrl === 'string' ? parseDatabaseUrl(databaseUrl) : databaseUrl
  const connection: Record<string, string | number> = {
    ...url.connection,
    application_name: url.connection.application_name ?? options.applicationName ?? 'draftsmith',
  }
  if (options.statementTimeoutMs !== undefined) connection.statement_timeout = options.statementTimeoutMs
  if (options.lockTimeoutMs !== undefined) connection.lock_timeout = options.lockTimeoutMs

  const sql = postgres(url.url, {
    max: options.max ?? 10,
    ssl: url.ssl,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    idle_timeout: options.idleTimeoutSeconds ?? 30,
    queue_timeout: options.connectionWaitSeconds ?? 10,
    backoff: reconnectBackoff(options.maxReconnectDelaySeconds ?? 1),
    onnotice: options.onNotice ?? (() => {}),
    connection,
    ...options.postgres,
  })
  useDrizzleTypes(sql)
  return { sql, url, close: (timeout = 5) => sql.end({ timeout }) }
}

/**
 * The types as drizzle-orm's postgres-js driver sets them, and Date parameters accepted too
 * (drizzle makes the date/time serializers the identity, which turns a Date passed to a raw
 * query into a crash). Called again after `drizzle()`, which resets the serializers.
 */
export function useDrizzleTypes(sql: Sql): void {
  const parsers = sql.options.parsers as Record<number, (value: unknown) => unknown>
  const serializers = sql.options.serializers as Record<number, (value: unknown) => unknown>
  const same = (value: unknown) => value
  for (const oid of dateTimeOids) {
    parsers[oid] = same
    serializers[oid] = same
  }
  serializers[114] = same
  serializers[3802] = same
  for (const oid of dateSerializerOids)
    serializers[oid] = (value) => (value instanceof Date ? value.toISOString() : value)
}

/** Exponential from 50 ms, capped, with jitter so a fleet of instances does not retry in step. */
function reconnectBackoff(maxSeconds: number): (retries: number) => number {
  return (retries) => Math.min(maxSeconds, 0.05 * 2 ** retries) * (0.5 + Math.random() / 2)
}
