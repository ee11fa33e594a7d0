import { type AppliedMigration, applyMigration } from '../apply-migration.js'
import { loadConfig } from '../config.js'
import { MigrationCheckError } from '../exit-codes.js'
import { ensureLedger, readLedger } from '../ledger.js'
import { formatFinding, summarizeLint } from '../lint/format.js'
import { lintMigrations, type LintReport } from '../lint/lint-migrations.js'
import { defaultMigrationsDir, readMigrations } from '../migration-files.js'
import { planMigrations } from '../plan.js'
import { formatMs, silentReporter } from '../reporter.js'
import { withMigrationLock } from '../advisory-lock.js'
import { withConnection } from '../connect.js'
import { migrateQueueSchema, type QueueSchemaState } from '../queue-schema.js'
import { codeFingerprint, recordVerified, unchangedSinceVerified } from '../verified-schema.js'
import type { CommandOptions } from './options.js'

export interface ApplyResult {
  database?: string
  serverVersion?: string
  /** Pending when the lock was taken. */
  pending: string[]
  applied: AppliedMigration[]
  lint?: LintReport
  schema?: string
  /** Set when the schema was not compared again: code and catalog unchanged since this verification. */
  schemaVerifiedAt?: string
  queue?: QueueSchemaState & { from: number }
  warnings: string[]
  timings: {
    connectMs?: number
    lockWaitMs?: number
    lintMs?: number
    applyMs?: number
    queueMs?: number
    verifyMs?: number
    totalMs?: number
  }
}

export const emptyApplyResult = (): ApplyResult => ({ pending: [], applied: [], warnings: [], timings: {} })

/**
 * The predeploy: validate → connect → lock → verify the ledger → lint pending files → apply each
 * in its own transaction → verify the live schema. Throws {@link MigrationCheckError}; `result`
 * is filled as it goes, so a failure still reports what happened before it.
 */
/** A promise that cannot go unhandled if the run fails before awaiting it; `unwrap` rethrows. */
function settled<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

async function unwrap<T>(outcome: ReturnType<typeof settled<T>>): Promise<T> {
  const result = await outcome
  if (!result.ok) throw result.error
  return result.value
}

export async function runApply(
  options: CommandOptions = {},
  result: ApplyResult = emptyApplyResult(),
): Promise<ApplyResult> {
  const started = performance.now()
  const reporter = options.reporter ?? silentReporter
  const config = loadConfig(options.env)
  result.database = config.database.redacted
  // The CLI's case (the code's own schema): a verification recorded for this very code and a
  // live catalog that still reads as it did then has nothing left to find (ADR 066). The code's
  // fingerprint (files read and hashed) is taken while the connection and the lock are awaited.
  const ownSchema = options.schema === undefined && options.requiredColumns === undefined
  const fingerprint = ownSchema ? settled(codeFingerprint()) : undefined
  const files = await readMigrations(options.migrationsDir ?? defaultMigrationsDir)

  await withConnection(config, reporter, async ({ database, serverVersion, connectMs }) => {
    result.serverVersion = serverVersion
    result.timings.connectMs = connectMs
    const { sql } = database
    // Reads go to the lock's connection: a no-op needs no second one (ADR 094).
    await withMigrationLock(sql, config, reporter, async (waitedMs, reads) => {
      result.timings.lockWaitMs = waitedMs
      // The ledger's DDL only where it is missing: on every later deploy it was two more round trips.
      let ledger = await readLedger(reads)
      if (ledger === undefined) {
        await ensureLedger(sql)
        ledger = (await readLedger(reads)) ?? []
      }
      const plan = planMigrations(files, ledger)
      result.pending = plan.pending.map((f) => f.tag)
      result.warnings.push(...plan.warnings)
      for (const warning of plan.warnings) reporter.warn(`warning    ${warning}`)
      if (plan.problems.length > 0) {
        throw new MigrationCheckError(
          'verificationFailed',
          'the applied migrations do not match the files',
          'restore the named files from git and put new changes in a new migration; if the database is known to match the code, `migration-check baseline` re-records the ledger',
          { details: plan.problems },
        )
      }
      reporter.info(
        `ledger     ${plan.applied.length} applied, ${plan.pending.length} pending${plan.pending.length > 0 ? ` (${result.pending.join(', ')})` : ''}`,
      )

      if (plan.pending.length > 0) {
        const lintStarted = performance.now()
        const lint = await lintMigrations(plan.pending, plan.applied)
        result.lint = lint
        result.timings.lintMs = performance.now() - lintStarted
        for (const finding of lint.findings) reporter.warn(`lint       ${formatFinding(finding)}`)
        reporter.info(`lint       ${summarizeLint(lint)}`)
        if (lint.errors > 0) {
          throw new MigrationCheckError(
            'lintErrors',
            `${lint.errors} lint error${lint.errors === 1 ? '' : 's'} in pending migrations, nothing was applied`,
            'rewrite the flagged statements with the safe recipe shown, or add `-- migration-check:allow <rule> reason: <why>` above one that is safe here',
            { details: lint.findings.map(formatFinding) },
          )
        }
      }

      const applyStarted = performance.now()
      for (const [i, file] of plan.pending.entries()) {
        const applied = await applyMigration(sql, file, config, reporter, { flush: i === plan.pending.length - 1 })
        result.applied.push(applied)
        const retried = applied.attempts > 1 ? `, ${applied.attempts} attempts` : ''
        reporter.info(
          `applied    ${applied.fileName} in ${formatMs(applied.ms)} (${applied.statements} statement${applied.statements === 1 ? '' : 's'}${retried})`,
        )
      }
      result.timings.applyMs = performance.now() - applyStarted

      const queueStarted = performance.now()
      try {
        result.queue = await migrateQueueSchema(sql, reads)
      } catch (error) {
        throw new MigrationCheckError(
          'migrationFailed',
          `migrating the job queue's schema (BullMQ) failed: ${(error as Error).message}`,
          'BullMQ rolled its migration back; fix the cause named here (permissions to CREATE SCHEMA, PostgreSQL ≥ 13) and deploy again',
          { cause: error },
        )
      }
      result.timings.queueMs = performance.now() - queueStarted
      const { from, version } = result.queue
      reporter.info(
        `queue      ${result.queue.schema} schema ${from === version ? `at version ${version}` : `migrated from version ${from} to ${version}`}`,
      )

      // Still under the lock: no other run can change the schema while it is compared.
      const verifyStarted = performance.now()
      const code = fingerprint === undefined ? undefined : await unwrap(fingerprint)
      const unchanged =
        code !== undefined && plan.pending.length === 0 ? await unchangedSinceVerified(reads, code) : undefined
      if (unchanged !== undefined) {
        result.timings.verifyMs = performance.now() - verifyStarted
        result.schema = unchanged.summary
        result.schemaVerifiedAt = unchanged.verifiedAt
        reporter.info(
          `schema     matches the code (${result.schema}); required columns present — code and catalog unchanged since verified at ${unchanged.verifiedAt}`,
        )
        return
      }
      const { checkLiveSchema, describeSchema } = await import('../status.js')
      const { report, missingRequired } = await checkLiveSchema(sql, options)
      const drift = [...missingRequired, ...report.drift]
      if (drift.length > 0) {
        throw new MigrationCheckError(
          'verificationFailed',
          "the database does not match the code's schema after migrating",
          missingRequired.length > 0
            ? 'a required column is missing: add a migration that creates it (`pnpm db:generate`) before deploying code that needs it'
            : 'generate the missing migration with `pnpm db:generate` (or fix the one that diverged) and deploy again',
          { details: drift.map((d) => d.message) },
        )
      }
      result.schema = describeSchema(report)
      if (code !== undefined) await recordVerified(sql, code, report.namespaces, result.schema)
      result.timings.verifyMs = performance.now() - verifyStarted
      reporter.info(`schema     matches the code (${result.schema}); required columns present`)
    })
  })
  result.timings.totalMs = performance.now() - started
  const count = result.applied.length
  reporter.info(
    `done       ${count === 0 ? 'nothing to apply' : `${count} migration${count === 1 ? '' : 's'} applied`} in ${formatMs(result.timings.totalMs)}`,
  )
  return result
}
