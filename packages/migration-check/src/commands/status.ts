import { loadConfig } from '../config.js'
import { MigrationCheckError } from '../exit-codes.js'
import { defaultMigrationsDir, readMigrations } from '../migration-files.js'
import { silentReporter } from '../reporter.js'
import { withConnection } from '../connect.js'
import { getMigrationStatus, type MigrationStatus } from '../status.js'
import type { CommandOptions } from './options.js'

const checkLabels = {
  ledger: 'ledger    ',
  pending: 'pending   ',
  schema: 'schema    ',
  required_columns: 'required  ',
  queue_schema: 'queue     ',
} as const

/** The status itself, flat, plus the redacted database URL: what `status --json` prints. */
export type StatusResult = Partial<MigrationStatus> & { database?: string }

/** `migration-check status`: read-only; throws (exit 6) unless nothing is pending and nothing drifted. */
export async function runStatus(options: CommandOptions = {}, result: StatusResult = {}): Promise<StatusResult> {
  const reporter = options.reporter ?? silentReporter
  const config = loadConfig(options.env)
  result.database = config.database.redacted
  const files = await readMigrations(options.migrationsDir ?? defaultMigrationsDir)
  const status = await withConnection(config, reporter, ({ database }) =>
    getMigrationStatus({ ...options, sql: database.sql, migrations: files }),
  )
  Object.assign(result, status)
  for (const check of status.checks) {
    reporter.info(`${checkLabels[check.name]} ${check.ok ? 'ok' : 'FAILED'}: ${check.detail}`)
  }
  for (const warning of status.warnings) reporter.warn(`warning    ${warning}`)
  if (status.extra.length > 0)
    reporter.info(`extra      not in the code (harmless): ${status.extra.map((e) => e.object).join(', ')}`)
  reporter.info(`current    ${status.current ?? '(none applied)'}`)
  if (status.migrated) return result

  const failed = status.checks.filter((c) => !c.ok)
  const next = failed.some((c) => c.name === 'ledger')
    ? 'restore the named migration files from git (or run `migration-check baseline` if the database is known to match the code)'
    : failed.some((c) => c.name === 'schema' || c.name === 'required_columns') && status.pending.length === 0
      ? 'the database drifted from the migrations: find who changed it by hand, then add a migration (`pnpm db:generate`) or restore the object'
      : 'run `migration-check apply` (the predeploy) to apply the pending migrations'
  throw new MigrationCheckError('verificationFailed', 'the database is not up to date', next, {
    details: failed.map((c) => `${c.name}: ${c.detail}`),
  })
}
