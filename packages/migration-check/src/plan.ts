import type { LedgerRow } from './ledger.js'
import type { MigrationFile } from './migration-files.js'

export interface MigrationPlan {
  applied: MigrationFile[]
  pending: MigrationFile[]
  /** Ledger rows that match no file (deleted or renamed after being applied). */
  orphans: LedgerRow[]
  /**
   * Of the orphans, those newer than every file here: applied by a newer release (its predeploy
   * runs while this release still serves). Still problems for a predeploy of this release; a
   * running release's readiness reports them as "ahead" instead of failing (ADR 061).
   */
  ahead: LedgerRow[]
  /** Why the ledger and the files disagree; any entry fails verification (exit 6). */
  problems: string[]
  warnings: string[]
}

const shortHash = (hash: string) => `${hash.slice(0, 12)}…`
const isoDate = (when: number) => (Number.isFinite(when) ? new Date(when).toISOString() : 'an unknown time')

/**
 * Compares the ledger with the files. drizzle's migrator only looks at the newest ledger row,
 * so an edited applied file, a deleted one, or an older file merged late all pass silently
 * there; here each one is a named verification failure.
 */
export function planMigrations(files: MigrationFile[], ledger: LedgerRow[]): MigrationPlan {
  const plan: MigrationPlan = { applied: [], pending: [], orphans: [], ahead: [], problems: [], warnings: [] }
  const newestFile = files.reduce((max, f) => Math.max(max, f.when), Number.NEGATIVE_INFINITY)
  const byWhen = new Map(files.map((f) => [f.when, f]))
  const byHash = new Map(files.map((f) => [f.hash, f]))
  const recorded = new Map<number, LedgerRow>()

  for (const row of ledger) {
    const file = byWhen.get(row.createdAt)
    if (recorded.has(row.createdAt)) {
      plan.warnings.push(
        `${file?.fileName ?? isoDate(row.createdAt)} is recorded more than once in the ledger (row ${row.id})`,
      )
      continue
    }
    recorded.set(row.createdAt, row)
    if (file === undefined) {
      plan.orphans.push(row)
      const renamed = byHash.get(row.hash)
      if (!renamed && files.length > 0 && row.createdAt > newestFile) plan.ahead.push(row)
      plan.problems.push(
        renamed
          ? `${renamed.fileName} was applied with a different journal timestamp (${isoDate(row.createdAt)}); its journal entry was changed`
          : `the database records a migration dated ${isoDate(row.createdAt)} (hash ${shortHash(row.hash)}) that has no file any more`,
      )
    } else if (file.hash !== row.hash) {
      plan.problems.push(
        `${file.fileName} was edited after it was applied (database hash ${shortHash(row.hash)}, file hash ${shortHash(file.hash)})`,
      )
    }
  }

  const newest = ledger.reduce((max, row) => Math.max(max, row.createdAt), Number.NEGATIVE_INFINITY)
  const newestApplied = byWhen.get(newest)
  for (const file of files) {
    if (recorded.has(file.when)) {
      plan.applied.push(file)
    } else if (file.when < newest) {
      plan.problems.push(
        `${file.fileName} is not applied but is older than the newest applied migration${newestApplied ? ` (${newestApplied.fileName})` : ''}; drizzle would skip it silently`,
      )
    } else {
      plan.pending.push(file)
    }
  }
  return plan
}
