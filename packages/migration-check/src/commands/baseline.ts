import { loadConfig } from '../config.js'
import { MigrationCheckError } from '../exit-codes.js'
import { ensureLedger, LEDGER_SCHEMA, LEDGER_TABLE, readLedger, recordMigration } from '../ledger.js'
import { defaultMigrationsDir, readMigrations } from '../migration-files.js'
import { silentReporter } from '../reporter.js'
import { withMigrationLock } from '../advisory-lock.js'
import { withConnection } from '../connect.js'
import { checkLiveSchema, describeSchema } from '../status.js'
import type { CommandOptions } from './options.js'

export interface BaselineResult {
  database?: string
  /** Files newly recorded as applied. */
  recorded: string[]
  /** Files whose recorded hash was replaced with the file's. */
  rehashed: string[]
  /** Ledger rows removed because no file matches them (or they were duplicates). */
  removed: number
}

export const emptyBaselineResult = (): BaselineResult => ({ recorded: [], rehashed: [], removed: 0 })

/**
 * `migration-check baseline`: the recovery for a broken chain. When — and only when — the live
 * schema matches the code, rewrites drizzle's ledger so that it records every migration file
 * exactly once with its current hash.
 */
export async function runBaseline(
  options: CommandOptions = {},
  result: BaselineResult = emptyBaselineResult(),
): Promise<BaselineResult> {
  const reporter = options.reporter ?? silentReporter
  const config = loadConfig(options.env)
  result.database = config.database.redacted
  const files = await readMigrations(options.migrationsDir ?? defaultMigrationsDir)

  await withConnection(config, reporter, ({ database: { sql } }) =>
    withMigrationLock(sql, config, reporter, async () => {
      const { report, missingRequired } = await checkLiveSchema(sql, options)
      const drift = [...missingRequired, ...report.drift]
      if (drift.length > 0) {
        throw new MigrationCheckError(
          'verificationFailed',
          "baseline refused: the database does not match the code's schema",
          'bring the schema in line first (apply the missing changes or restore the database) until `migration-check status` shows no drift, then baseline again',
          { details: drift.map((d) => d.message) },
        )
      }
      reporter.info(`schema     matches the code (${describeSchema(report)})`)
      await ensureLedger(sql)
      await sql.begin(async (tx) => {
        const rows = (await readLedger(tx)) ?? []
        const keep = new Set<number>()
        for (const file of files) {
          const row = rows.find((r) => r.createdAt === file.when && !keep.has(r.id))
          if (row === undefined) {
            await recordMigration(tx, file)
            result.recorded.push(file.fileName)
            continue
          }
          keep.add(row.id)
          if (row.hash !== file.hash) {
            await tx`update ${tx(LEDGER_SCHEMA)}.${tx(LEDGER_TABLE)} set hash = ${file.hash} where id = ${row.id}`
            result.rehashed.push(file.fileName)
          }
        }
        const stale = rows.filter((r) => !keep.has(r.id)).map((r) => r.id)
        if (stale.length > 0) await tx`delete from ${tx(LEDGER_SCHEMA)}.${tx(LEDGER_TABLE)} where id = any(${stale})`
        result.removed = stale.length
      })
      const changes = result.recorded.length + result.rehashed.length + result.removed
      reporter.info(
        changes === 0
          ? 'baseline   the ledger already records every file; nothing changed'
          : `baseline   recorded ${result.recorded.length}, re-hashed ${result.rehashed.length}, removed ${result.removed} ledger row${result.removed === 1 ? '' : 's'}`,
      )
    }),
  )
  return result
}
