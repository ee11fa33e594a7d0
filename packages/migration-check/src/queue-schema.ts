import { createRequire } from 'node:module'
import type { ReservedSql, Sql } from 'postgres'
import { QUEUE_SCHEMA } from '@draftsmith/db/queue-schema'

/**
 * The job queue's own tables (BullMQ's PostgreSQL backend). BullMQ refuses to run DDL at boot
 * unless told to, so the predeploy migrates them — with BullMQ's own migrator, so its ledger and
 * locks stay BullMQ's.
 *
 * Only the migrator module is loaded (20 ms), never `bullmq`'s entry point (180 ms, and the
 * Redis client with it): the predeploy runs with nothing but DATABASE_URL.
 */
interface BullMqMigrator {
  DEFAULT_SCHEMA: string
  runMigrations(client: Queryable, schema?: string): Promise<number>
}
interface Queryable {
  query(text: string, params?: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number }>
}

const require = createRequire(import.meta.url)
let migrator: BullMqMigrator | undefined
function loadMigrator(): BullMqMigrator {
  migrator ??= require('bullmq/dist/cjs/postgres/migrator.js') as BullMqMigrator
  return migrator
}
function latestVersion(): number {
  return (require('bullmq/dist/cjs/postgres/migrations/index.js') as { LATEST_SCHEMA_VERSION: number })
    .LATEST_SCHEMA_VERSION
}

/**
 * BullMQ's migrator speaks node-postgres; this runs its queries on one reserved postgres.js
 * connection (its advisory lock and transaction must share a session). Parameterless queries go
 * through the simple protocol because migration files hold several statements.
 */
function queryable(connection: ReservedSql): Queryable {
  return {
    async query(text, params) {
      const result =
        params && params.length > 0
          ? await connection.unsafe(text, params as never[])
          : await connection.unsafe(text).simple()
      return { rows: [...result], rowCount: result.count ?? result.length }
    },
  }
}

export interface QueueSchemaState {
  schema: string
  version: number
  latest: number
}

/** Applies BullMQ's pending queue-schema migrations (a no-op when up to date). */
export async function migrateQueueSchema(
  sql: Sql,
  /** Where to read the version (the migration lock's connection); the migrator runs on `sql`'s own. */
  reader: Sql | ReservedSql = sql,
): Promise<QueueSchemaState & { from: number }> {
  const current = await readQueueSchema(reader)
  const from = current.version
  // At BullMQ's latest version there is nothing its migrator would apply (it compares the same
  // two numbers, after its own lock): a no-op predeploy need not load it (ADR 066).
  if (from === current.latest) return { ...current, from }
  const connection = await sql.reserve()
  try {
    const version = await loadMigrator().runMigrations(queryable(connection), QUEUE_SCHEMA)
    return { schema: QUEUE_SCHEMA, from, version, latest: latestVersion() }
  } finally {
    connection.release()
  }
}

/** Read-only: the queue schema's version (0 when it does not exist). */
export async function readQueueSchema(sql: Sql | ReservedSql): Promise<QueueSchemaState> {
  const [row] = await sql<{ version: number | null }[]>`
    select case when to_regclass(${`"${QUEUE_SCHEMA}".migration`}) is null then null else 0 end as version
  `
  let version = 0
  if (row?.version !== null && row?.version !== undefined) {
    const [current] = await sql<
      { version: number }[]
    >`select coalesce(max(version), 0)::int as version from ${sql(QUEUE_SCHEMA)}.migration`
    version = current?.version ?? 0
  }
  return { schema: QUEUE_SCHEMA, version, latest: latestVersion() }
}
