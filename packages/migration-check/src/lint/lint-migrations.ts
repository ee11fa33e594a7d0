import { parseStatements, SqlParseError, type SqlStatement } from '../sql-statements.js'
import { tableKey } from './ast.js'
import { knownRules, parseAllowComment, type AllowComment } from './allow-comments.js'
import { checkStatement, type RawFinding, type StatementContext } from './check-statement.js'
import { rules, type RuleId, type Severity } from './rules.js'
import { SchemaHistory } from './schema-history.js'

/** A migration as lint sees it: no database involved. */
export interface LintSource {
  fileName: string
  sql: string
  noTransaction: boolean
}

export interface LintFinding {
  file: string
  line: number
  rule: RuleId
  severity: Severity
  message: string
  fix: string
  /** Set when an allow comment accepted the finding. */
  allowedBecause?: string
}

export interface LintReport {
  files: string[]
  /** Findings that count: errors fail the lint, warnings are printed. */
  findings: LintFinding[]
  /** Findings accepted by an allow comment, with its reason. */
  allowed: LintFinding[]
  errors: number
  warnings: number
}

function finding(file: string, line: number, rule: RuleId, message: string): LintFinding {
  return { file, line, rule, severity: rules[rule].severity, message, fix: rules[rule].fix }
}

/** Applies the statement's allow comments to its raw findings. */
function resolveAllows(file: string, statement: SqlStatement, raw: RawFinding[], report: LintReport): void {
  const allows = statement.comments.map(parseAllowComment).filter((a): a is AllowComment => a !== undefined)
  const used = new Set<AllowComment>()
  for (const allow of allows) {
    const unknown = allow.rules.filter((r) => !knownRules(allow).includes(r as RuleId))
    if (allow.rules.length === 0 || unknown.length > 0) {
      report.findings.push(
        finding(
          file,
          statement.line,
          'allow-unknown-rule',
          `"${allow.text}" names ${unknown.length > 0 ? `unknown rule(s) ${unknown.join(', ')}` : 'no rule'}`,
        ),
      )
      used.add(allow)
    } else if (allow.reason === '') {
      report.findings.push(finding(file, statement.line, 'allow-without-reason', `"${allow.text}" gives no reason`))
      used.add(allow)
    }
  }
  for (const item of raw) {
    const allow = allows.find((a) => a.reason !== '' && knownRules(a).includes(item.rule))
    const result = finding(file, statement.line, item.rule, item.message)
    if (allow === undefined) {
      report.findings.push(result)
    } else {
      used.add(allow)
      report.allowed.push({ ...result, allowedBecause: allow.reason })
    }
  }
  for (const allow of allows) {
    if (!used.has(allow))
      report.findings.push(
        finding(file, statement.line, 'allow-unused', `"${allow.text}" matches no finding of this statement`),
      )
  }
}

function createdTable(statement: SqlStatement): string | undefined {
  const node = statement.node
  if ('CreateStmt' in node) return tableKey(node.CreateStmt.relation)
  if ('CreateTableAsStmt' in node) return tableKey(node.CreateTableAsStmt.into?.rel)
  return undefined
}

/**
 * Lints `targets`. `history` are the migrations that come before them (in journal order): they
 * are not reported on, only replayed so type changes can be judged against the real column type.
 */
export async function lintMigrations(targets: LintSource[], history: LintSource[] = []): Promise<LintReport> {
  const report: LintReport = {
    files: targets.map((t) => t.fileName),
    findings: [],
    allowed: [],
    errors: 0,
    warnings: 0,
  }
  const schema = new SchemaHistory()
  for (const source of history) {
    try {
      for (const statement of await parseStatements(source.sql)) schema.apply(statement.node)
    } catch (error) {
      // An unparsable earlier file only leaves its columns' types unknown.
      if (!(error instanceof SqlParseError)) throw error
    }
  }

  for (const source of targets) {
    let statements: SqlStatement[]
    try {
      statements = await parseStatements(source.sql)
    } catch (error) {
      if (!(error instanceof SqlParseError)) throw error
      report.findings.push(finding(source.fileName, error.line, 'parse-error', error.message))
      continue
    }
    const ctx: StatementContext = {
      noTransaction: source.noTransaction,
      newTables: new Set(),
      newEnumValues: new Set(),
      history: schema,
    }
    for (const statement of statements) {
      resolveAllows(source.fileName, statement, checkStatement(statement.node, ctx), report)
      const created = createdTable(statement)
      if (created !== undefined) ctx.newTables.add(created)
      const node = statement.node
      if ('AlterEnumStmt' in node && node.AlterEnumStmt.newVal && !source.noTransaction) {
        ctx.newEnumValues.add(node.AlterEnumStmt.newVal)
      }
      schema.apply(node)
    }
  }
  report.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
  report.errors = report.findings.filter((f) => f.severity === 'error').length
  report.warnings = report.findings.length - report.errors
  return report
}
