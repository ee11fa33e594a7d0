import type { LintFinding, LintReport } from './lint-migrations.js'

export function formatFinding(f: LintFinding): string {
  return `${f.file}:${f.line}  ${f.severity}  ${f.rule}: ${f.message} → ${f.fix}`
}

export function summarizeLint(report: LintReport): string {
  const files = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`
  if (report.findings.length === 0) {
    return `${files}: no findings${report.allowed.length > 0 ? ` (${report.allowed.length} allowed with a reason)` : ''}`
  }
  return `${files}: ${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`
}
