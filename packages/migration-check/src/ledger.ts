import type { ReservedSql, Sql, TransactionSql } from 'postgres'
import type { MigrationFile } from './migration-files.js'

/**
 * drizzle's own bookkeeping table, written exactly as drizzle-orm's migrator writes it, so
 * `drizzle-kit migrate` and this predeploy can be used on the same database.
 */
export const LEDGER_SCHEMA = 'drizzle'
export const LEDGER_TABLE = '__drizzle_migrations'

export interface LedgerRow {
  id: number
  hash: string
  /** The journal's `when` of the file it records (not the time it was applied). */
  createdAt: number
}

/** The ledger's rows, oldest first; `undefined` when the table does not exist yet. */
export async function readLedger(sql: Sql | TransactionSql | ReservedSql): Promise<LedgerRow[] | undefined> {
  const [exists] = await sql<{ exists: boolean }[]>`
    select to_regclass(${`"${LEDGER_SCHEMA}"."${LEDGER_TABLE}"`}) is not null as exists
  `
  if (!exists?.exists) return undefined
  const rows = await sql<{ id: number; hash: string; created_at: string | null }[]>`
    select id, hash, created_at from ${sql(LEDGER_SCHEMA)}.${sql(LEDGER_TABLE)} order by created_at, id
  `
  return rows.map((r) => ({ id: r.id, hash: r.hash, createdAt: Number(r.created_at) }))
}

/** Same DDL as drizzle-orm's migrator. Only ever run under the migration lock. */
export async function ensureLedger(sql: Sql): Promise<void> {
  await sql`create schema if not exists ${sql(LEDGER_SCHEMA)}`
  await sql`
    create table if not exists ${sql(LEDGER_SCHEMA)}.${sql(LEDGER_TABLE)} (
      id serial primary key,
      hash text not null,
      created_at bigint
    )
  `
}

export async function recordMigration(
  tx: Sql | TransactionSql,
  file: Pick<MigrationFile, 'hash' | 'when'>,
): Promise<void> {
  await tx`insert into ${tx(LEDGER_SCHEMA)}.${tx(LEDGER_TABLE)} (hash, created_at) values (${file.hash}, ${file.when})`
}
