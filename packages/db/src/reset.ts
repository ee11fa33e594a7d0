import { getTableName, is } from 'drizzle-orm'
import { PgTable } from 'drizzle-orm/pg-core'
import type { Sql } from 'postgres'
import * as schema from './schema/index.js'
import { errorMessage } from './errors.js'

/** Every table the Drizzle schema declares, by name. */
export function schemaTables(): string[] {
  return (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => getTableName(table))
    .sort()
}

export interface ResetOptions {
  /** Tables to empty. @default every table of the schema ({@link schemaTables}) */
  tables?: readonly string[]
  /** How long to wait for each table's lock (a running worker holds some), in ms. @default 5000 */
  lockTimeoutMs?: number
}

export interface ResetResult {
  truncated: string[]
  /** Tables that could not be emptied (missing, locked…), with PostgreSQL's reason. The others were. */
  failed: Array<{ table: string; reason: string }>
}

/**
 * Development only: empties the schema's tables (the migrations ledger and the queue's schema
 * are left alone, so the database stays migrated). One transaction, a savepoint per table: a
 * table that is missing or locked is reported and the rest are still emptied. Each TRUNCATE
 * cascades to the tables that reference it (PostgreSQL allows no other way), so a locked
 * `sessions` also keeps `users` from being emptied.
 */
export async function truncateTables(sql: Sql, options: ResetOptions = {}): Promise<ResetResult> {
  const tables = options.tables ?? schemaTables()
  const result: ResetResult = { truncated: [], failed: [] }
  await sql.begin(async (tx) => {
    await tx`select set_config('lock_timeout', ${String(options.lockTimeoutMs ?? 5000)}, true)`
    for (const table of tables) {
      try {
        await tx.savepoint((sp) => sp`truncate table ${sp(table)} restart identity cascade`)
        result.truncated.push(table)
      } catch (error) {
        result.failed.push({ table, reason: errorMessage(error) })
      }
    }
  })
  return result
}
