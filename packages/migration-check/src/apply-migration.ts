import postgres, { type Sql } from 'postgres'
import type { MigrationCheckConfig } from './config.js'
import { MigrationCheckError } from './exit-codes.js'
import { recordMigration } from './ledger.js'
import { walk } from './lint/ast.js'
import type { MigrationFile } from './migration-files.js'
import { formatMs, type Reporter } from './reporter.js'
import { parseStatements, type SqlStatement } from './sql-statements.js'
import { backoffMs, sleep } from './timing.js'

export interface AppliedMigration {
  tag: string
  fileName: string
  ms: number
  statements: number
  attempts: number
}

type Settings = Pick<MigrationCheckConfig, 'lockTimeoutMs' | 'lockRetries' | 'statementTimeoutMs'>

const LOCK_NOT_AVAILABLE = '55P03'
const QUERY_CANCELED = '57014'

/** Thrown inside a transaction to remember which statement failed. */
class StatementError extends Error {
  constructor(
    readonly statement: SqlStatement,
    override readonly cause: unknown,
  ) {
    super('statement failed')
  }
}

/** The tables a statement touches, quoted, for finding who holds their locks. */
function relationsOf(statement: SqlStatement): string[] {
  const names = new Set<string>()
  // RangeVar fields are inlined in the parse tree (no wrapper key): match them by shape.
  walk(statement.node, (node) => {
    if (typeof node.relname === 'string')
      names.add(`"${typeof node.schemaname === 'string' ? node.schemaname : 'public'}"."${node.relname}"`)
  })
  return [...names]
}

async function describeBlockers(sql: Sql, statement: SqlStatement): Promise<string> {
  const relations = relationsOf(statement)
  if (relations.length === 0) return ''
  const rows = await sql<{ pid: number; application_name: string; state: string; age: string }[]>`
    select distinct a.pid, a.application_name, coalesce(a.state, '?') as state,
      coalesce(date_trunc('second', now() - coalesce(a.xact_start, a.query_start))::text, '?') as age
    from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.granted and a.pid <> pg_backend_pid()
      and l.database = (select oid from pg_database where datname = current_database())
      and l.relation in (select to_regclass(r)::oid from unnest(${relations}::text[]) r)
  `.catch(() => [])
  return rows
    .map((r) => `pid ${r.pid} (${r.application_name || 'no application_name'}, ${r.state} for ${r.age})`)
    .join(', ')
}

function lineOf(statement: SqlStatement, error: unknown): number {
  const position = Number((error as { position?: string }).position)
  if (!Number.isFinite(position) || position <= 0) return statement.line
  return statement.line + statement.text.slice(0, position - 1).split('\n').length - 1
}

function failure(
  file: MigrationFile,
  statement: SqlStatement,
  error: unknown,
  settings: Settings,
): MigrationCheckError {
  const pg = error instanceof postgres.PostgresError ? error : undefined
  const where = `${file.fileName}:${lineOf(statement, error)} (statement ${statement.number})`
  const extra = [pg?.detail, pg?.hint && `hint: ${pg.hint}`].filter(Boolean).join('; ')
  const message = `${where} failed: ${pg ? `${pg.code} ` : ''}${(error as Error).message}${extra ? ` (${extra})` : ''}`
  const rolledBack = file.noTransaction
    ? 'it runs without a transaction: earlier statements of the file stay applied, which its idempotent statements allow'
    : 'the file was rolled back, nothing of it is applied'
  const next =
    pg?.code === QUERY_CANCELED
      ? `the statement ran past MIGRATION_STATEMENT_TIMEOUT_MS=${settings.statementTimeoutMs}; batch the work or raise the limit, then deploy again (${rolledBack})`
      : `fix ${file.fileName} and deploy again (${rolledBack})`
  return new MigrationCheckError('migrationFailed', message, next, { cause: error })
}

/**
 * Runs `work`, retrying while it fails on `lock_timeout`: a short lock timeout keeps a waiting
 * ALTER from queueing every reader behind it, and retrying makes the short timeout affordable.
 */
async function withLockRetries<T>(
  sql: Sql,
  file: MigrationFile,
  settings: Settings,
  reporter: Reporter,
  work: () => Promise<T>,
): Promise<{ result: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { result: await work(), attempts: attempt }
    } catch (error) {
      if (!(error instanceof StatementError)) throw error
      const code = (error.cause as { code?: string }).code
      if (code !== LOCK_NOT_AVAILABLE) throw failure(file, error.statement, error.cause, settings)
      const blockers = await describeBlockers(sql, error.statement)
      const what = `${file.fileName}:${error.statement.line} waited ${settings.lockTimeoutMs} ms for a lock${blockers ? ` held by ${blockers}` : ''}`
      if (attempt >= settings.lockRetries) {
        throw new MigrationCheckError(
          'lockTimeout',
          `${what}; gave up after ${attempt} attempts (nothing of the file is applied)`,
          blockers
            ? 'end the long-running transaction named above (or wait for it) and deploy again; raise MIGRATION_LOCK_RETRIES or MIGRATION_LOCK_TIMEOUT_MS only if it is expected'
            : 'deploy again when the table is less busy, or raise MIGRATION_LOCK_RETRIES / MIGRATION_LOCK_TIMEOUT_MS',
          { cause: error.cause },
        )
      }
      const wait = backoffMs(attempt, 1000, 15_000)
      reporter.warn(`${what}; attempt ${attempt + 1}/${settings.lockRetries} in ${formatMs(wait)}`)
      await sleep(wait)
    }
  }
}

async function run(sql: Sql, statement: SqlStatement): Promise<void> {
  try {
    await sql.unsafe(statement.text)
  } catch (error) {
    throw new StatementError(statement, error)
  }
}

/**
 * A CREATE INDEX CONCURRENTLY that failed (or was killed) leaves an INVALID index behind, and
 * `IF NOT EXISTS` would then skip it forever: drop it first so the retry builds it for real.
 */
async function dropInvalidIndex(sql: Sql, statement: SqlStatement): Promise<void> {
  const node = statement.node
  if (!('IndexStmt' in node) || !node.IndexStmt.concurrent || !node.IndexStmt.idxname) return
  const schema = node.IndexStmt.relation?.schemaname ?? 'public'
  const [invalid] = await sql`
    select 1 from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
    where c.relname = ${node.IndexStmt.idxname} and n.nspname = ${schema} and not i.indisvalid
  `
  if (invalid) await sql.unsafe(`drop index concurrently if exists "${schema}"."${node.IndexStmt.idxname}"`)
}

export interface ApplyOptions {
  /** Whether this commit must wait for its WAL flush: true for the last file of a run. */
  flush: boolean
}

/** Applies one file: in its own transaction, or statement by statement when it is marked no-transaction. */
export async function applyMigration(
  sql: Sql,
  file: MigrationFile,
  settings: Settings,
  reporter: Reporter,
  options: ApplyOptions = { flush: true },
): Promise<AppliedMigration> {
  const started = performance.now()
  const statements = await parseStatements(file.sql)
  let attempts = 1
  if (file.noTransaction) {
    for (const statement of statements) {
      const outcome = await withLockRetries(sql, file, settings, reporter, async () => {
        await dropInvalidIndex(sql, statement).catch((error: unknown) => {
          throw new StatementError(statement, error)
        })
        await run(sql, statement)
      })
      attempts = Math.max(attempts, outcome.attempts)
    }
    await recordMigration(sql, file)
  } else {
    const outcome = await withLockRetries(sql, file, settings, reporter, () =>
      sql.begin(async (tx) => {
        // Sent back to back on the transaction's connection (postgres.js pipelines them): the
        // server still runs them in order, and after the first error every later one fails
        // with 25P02, so the first rejection names the statement that broke.
        // Every file but the last commits without waiting for its WAL flush: the last file's
        // synchronous commit flushes all WAL before it, so a finished run is exactly as durable,
        // and a run cut short by a crash only loses whole files, which the next run re-applies.
        if (!options.flush) await tx`set local synchronous_commit = off`
        const results = await Promise.allSettled(statements.map((statement) => tx.unsafe(statement.text)))
        const failed = results.findIndex((r) => r.status === 'rejected')
        if (failed !== -1)
          throw new StatementError(
            statements[failed] as SqlStatement,
            (results[failed] as PromiseRejectedResult).reason,
          )
        await recordMigration(tx, file)
      }),
    )
    attempts = outcome.attempts
  }
  return {
    tag: file.tag,
    fileName: file.fileName,
    ms: performance.now() - started,
    statements: statements.length,
    attempts,
  }
}
