import {
  defaultMigrationsDir,
  getMigrationStatus,
  readMigrations,
  type MigrationFile,
  type MigrationStatus,
} from '@draftsmith/migration-check'
import type { Sql } from 'postgres'

/**
 * The predeploy's own status function, with the migration files read once per process (they
 * cannot change under a running release).
 */
export function migrationStatusReader(sql: Sql, migrationsDir = defaultMigrationsDir): () => Promise<MigrationStatus> {
  let files: Promise<MigrationFile[]> | undefined
  return async () => {
    files ??= readMigrations(migrationsDir).catch((error: unknown) => {
      files = undefined
      throw error
    })
    return getMigrationStatus({ sql, migrations: await files })
  }
}

/**
 * Whether this release can serve on the schema it finds, and what to say about it. While a newer
 * release's predeploy runs (or once it has, before this instance is replaced), the ledger holds
 * migrations this release has no file for and the live schema has what it does not know: that is
 * the expand/contract contract working, not a fault. Such a schema is "ahead": ready, and said so,
 * rather than failing for the length of every deploy (issue 22). The required columns, pending
 * files and any other ledger problem still fail it.
 */
export function schemaReadiness(status: MigrationStatus): { ok: boolean; detail: string } {
  const failing = status.checks.filter((c) => !c.ok)
  if (failing.length === 0) return { ok: true, detail: `at ${status.current ?? 'no migration'}` }
  const ahead = status.ahead.length > 0 && status.problems.length === status.ahead.length
  const blocking = ahead ? failing.filter((c) => c.name !== 'ledger' && c.name !== 'schema') : failing
  if (blocking.length > 0) return { ok: false, detail: blocking.map((c) => `${c.name}: ${c.detail}`).join('; ') }
  const drift = failing.find((c) => c.name === 'schema')
  return {
    ok: true,
    detail: `ahead of this release: ${status.ahead.length} newer migration(s) applied by a newer release (the newest dated ${status.ahead.at(-1)}); this release is at ${status.current ?? 'no migration'}${drift ? `; schema differences from this release: ${drift.detail}` : ''}`,
  }
}
