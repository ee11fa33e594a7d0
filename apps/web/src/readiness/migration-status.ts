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
