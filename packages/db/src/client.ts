import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import type { Sql } from 'postgres'
import * as schema from './schema/index.js'
import { createSqlClient, useDrizzleTypes, type DatabaseOptions } from './sql-client.js'
import type { DatabaseUrl } from './url.js'

export type Schema = typeof schema
/** Drizzle over the pool; `$client` is that pool, for what Drizzle cannot ask (raw column bytes). */
export type Db = PostgresJsDatabase<Schema> & { $client: Sql }
/** A transaction of a {@link Db}. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export type { DatabaseOptions } from './sql-client.js'

export interface Database {
  /**
   * The raw postgres.js client, sharing the pool with `db`. drizzle-orm configures it its own
   * way, so raw queries must follow: timestamp and date values come back as **strings** (parse
   * them), and json/jsonb parameters are sent as they are (pass `JSON.stringify(value)`).
   * Date parameters work as usual.
   */
  sql: Sql
  db: Db
  url: DatabaseUrl
  close: (timeoutSeconds?: number) => Promise<void>
}

/**
 * Opens a postgres.js pool (lazily: nothing connects until the first query) and a Drizzle
 * instance over it. Accepts a raw URL, validated by `parseDatabaseUrl`.
 */
export function createDatabase(databaseUrl: string | DatabaseUrl, options: DatabaseOptions = {}): Database {
  const client = createSqlClient(databaseUrl, options)
  const db = drizzle(client.sql, { schema })
  useDrizzleTypes(client.sql)
  return { ...client, db }
}

/** The cheapest round trip that proves the database answers (for readiness checks). */
export async function ping(sql: Sql): Promise<void> {
  await sql`select 1`
}
