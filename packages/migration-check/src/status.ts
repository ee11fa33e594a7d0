import * as drizzleSchema from '@draftsmith/db/schema'
import type { Sql } from 'postgres'
import { readLedger } from './ledger.js'
import { defaultMigrationsDir, readMigrations, type MigrationFile } from './migration-files.js'
import { planMigrations } from './plan.js'
import { readQueueSchema, type QueueSchemaState } from './queue-schema.js'
import {
  checkRequiredColumns,
  verifySchema,
  type DriftItem,
  type ExtraObject,
  type RequiredColumn,
  type SchemaReport,
} from './schema-verify.js'

export interface StatusCheck {
  name: 'ledger' | 'pending' | 'schema' | 'required_columns' | 'queue_schema'
  ok: boolean
  detail: string
}

/** What `migration-check status --json` prints and `/api/ops/migration_status` returns. */
export interface MigrationStatus {
  /** True only when nothing is pending, nothing drifted and the ledger matches the files. */
  migrated: boolean
  /** Tag of the newest applied migration, or null on an empty database. */
  current: string | null
  pending: string[]
  applied: string[]
  checks: StatusCheck[]
  /**
   * Each required column by name (`"conversions.proposal_id": true`): the shape operators' scripts
   * read with `jq '.columns["conversions.proposal_id"]'` (see docs/decisions/015).
   */
  columns: Record<string, boolean>
  drift: DriftItem[]
  /** Tables and columns the code does not know (left by expand/contract); not drift. */
  extra: ExtraObject[]
  /** Ledger/file disagreements (edited, missing or out-of-order files). */
  problems: string[]
  /**
   * Ledger rows newer than every migration file of this release (their dates): a newer release's
   * predeploy applied them. They are also in `problems`.
   */
  ahead: string[]
  warnings: string[]
  /** BullMQ's PostgreSQL backend schema, migrated by the predeploy too. */
  queue: QueueSchemaState
}

export interface SchemaTarget {
  /** The Drizzle schema module to compare with. @default `@draftsmith/db/schema` */
  schema?: Record<string, unknown>
  /** Columns that must exist. @default `requiredColumns` from `@draftsmith/db/schema` */
  requiredColumns?: readonly RequiredColumn[]
}

export interface StatusOptions extends SchemaTarget {
  sql: Sql
  /** A migrations folder, or files already read with `readMigrations`. @default the repo's `drizzle/` */
  migrations?: string | MigrationFile[]
}

export interface LiveSchemaCheck {
  report: SchemaReport
  missingRequired: DriftItem[]
  /** Whether each required column exists, by `table.column`. */
  columns: Record<string, boolean>
}

/** The schema comparison and the required-columns check, as both `apply` and `status` run them. */
export async function checkLiveSchema(sql: Sql, target: SchemaTarget = {}): Promise<LiveSchemaCheck> {
  const [report, required] = await Promise.all([
    verifySchema(sql, target.schema ?? drizzleSchema),
    checkRequiredColumns(sql, target.requiredColumns ?? drizzleSchema.requiredColumns),
  ])
  return { report, missingRequired: required.missing, columns: required.present }
}

export function describeSchema(report: SchemaReport): string {
  const c = report.counted
  return `${c.tables} tables, ${c.columns} columns, ${c.indexes} indexes, ${c.constraints} constraints, ${c.enums} enums`
}

/**
 * Read-only: what is applied, what is pending, and whether the live schema matches the code.
 * Never creates the ledger or takes the migration lock, so it is safe to call from a web request.
 */
export async function getMigrationStatus(options: StatusOptions): Promise<MigrationStatus> {
  const files = Array.isArray(options.migrations)
    ? options.migrations
    : await readMigrations(options.migrations ?? defaultMigrationsDir)
  const [ledger, live, queue] = await Promise.all([
    readLedger(options.sql),
    checkLiveSchema(options.sql, options),
    readQueueSchema(options.sql),
  ])
  const plan = planMigrations(files, ledger ?? [])
  const drift = [...live.missingRequired, ...live.report.drift]
  const checks: StatusCheck[] = [
    {
      name: 'ledger',
      ok: plan.problems.length === 0,
      detail:
        plan.problems.length === 0
          ? `${plan.applied.length} applied files match their recorded hashes`
          : plan.problems.join('; '),
    },
    {
      name: 'pending',
      ok: plan.pending.length === 0,
      detail:
        plan.pending.length === 0
          ? 'nothing pending'
          : `${plan.pending.length} pending: ${plan.pending.map((f) => f.tag).join(', ')}`,
    },
    {
      name: 'schema',
      ok: live.report.drift.length === 0,
      detail:
        live.report.drift.length === 0
          ? `matches the code (${describeSchema(live.report)})`
          : live.report.drift.map((d) => d.message).join('; '),
    },
    {
      name: 'required_columns',
      ok: live.missingRequired.length === 0,
      detail:
        live.missingRequired.length === 0
          ? `all present: ${Object.keys(live.columns).join(', ')}`
          : live.missingRequired.map((d) => d.message).join('; '),
    },
    {
      name: 'queue_schema',
      ok: queue.version >= queue.latest,
      detail:
        queue.version >= queue.latest
          ? `${queue.schema} at version ${queue.version}`
          : `${queue.schema} at version ${queue.version}, BullMQ needs ${queue.latest}`,
    },
  ]
  return {
    migrated: checks.every((c) => c.ok),
    current: plan.applied.at(-1)?.tag ?? null,
    pending: plan.pending.map((f) => f.tag),
    applied: plan.applied.map((f) => f.tag),
    checks,
    columns: live.columns,
    drift,
    extra: live.report.extra,
    problems: plan.problems,
    ahead: plan.ahead.map((row) => new Date(row.createdAt).toISOString()),
    warnings: plan.warnings,
    queue,
  }
}
