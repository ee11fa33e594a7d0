import { readFile } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { MigrationCheckError } from '../exit-codes.js'
import { formatFinding, summarizeLint } from '../lint/format.js'
import { lintMigrations, type LintReport, type LintSource } from '../lint/lint-migrations.js'
import { defaultMigrationsDir, hasNoTransactionMarker, readMigrations, type MigrationFile } from '../migration-files.js'
import { silentReporter } from '../reporter.js'
import type { CommandOptions } from './options.js'

export interface LintOptions extends Pick<CommandOptions, 'migrationsDir' | 'reporter'> {
  /** Files to lint. @default every migration in `migrationsDir`, in journal order */
  files?: string[]
}

async function journalOf(dir: string): Promise<MigrationFile[] | undefined> {
  try {
    return await readMigrations(dir)
  } catch {
    return undefined
  }
}

/** A file named on the command line, with the migrations before it when it sits in a journal. */
async function explicitTarget(path: string): Promise<{ source: LintSource; history: LintSource[] }> {
  let sql: string
  try {
    sql = await readFile(path, 'utf8')
  } catch {
    throw new MigrationCheckError(
      'configuration',
      `cannot read ${path}`,
      'pass paths of existing .sql files to `migration-check lint`',
    )
  }
  const journal = await journalOf(dirname(path))
  const index = journal?.findIndex((f) => f.fileName === basename(path)) ?? -1
  return {
    source: { fileName: basename(path), sql, noTransaction: hasNoTransactionMarker(sql) },
    history: index > 0 && journal ? journal.slice(0, index) : [],
  }
}

/** `migration-check lint [files]`: needs no database, for CI on every change. Throws (exit 7) on errors. */
export async function runLint(options: LintOptions = {}): Promise<LintReport> {
  const reporter = options.reporter ?? silentReporter
  let report: LintReport
  if (options.files && options.files.length > 0) {
    const reports: LintReport[] = []
    for (const path of options.files) {
      const { source, history } = await explicitTarget(resolve(path))
      reports.push(await lintMigrations([source], history))
    }
    report = {
      files: reports.flatMap((r) => r.files),
      findings: reports.flatMap((r) => r.findings),
      allowed: reports.flatMap((r) => r.allowed),
      errors: reports.reduce((n, r) => n + r.errors, 0),
      warnings: reports.reduce((n, r) => n + r.warnings, 0),
    }
  } else {
    report = await lintMigrations(await readMigrations(options.migrationsDir ?? defaultMigrationsDir))
  }
  for (const finding of report.findings) reporter.warn(formatFinding(finding))
  for (const allowed of report.allowed)
    reporter.info(`${allowed.file}:${allowed.line}  allowed  ${allowed.rule}: ${allowed.allowedBecause}`)
  reporter.info(`lint       ${summarizeLint(report)}`)
  if (report.errors > 0) {
    throw new MigrationCheckError(
      'lintErrors',
      `${report.errors} lint error${report.errors === 1 ? '' : 's'}`,
      'rewrite the flagged statements with the safe recipe shown, or add `-- migration-check:allow <rule> reason: <why>` above one that is safe here',
      { details: report.findings.map(formatFinding) },
    )
  }
  return report
}
