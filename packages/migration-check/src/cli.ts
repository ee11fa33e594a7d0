import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { redactSecrets } from '@draftsmith/db/url'
import type { StatusResult } from './commands/status.js'
import { ExitCode, MigrationCheckError } from './exit-codes.js'
import type { Reporter } from './reporter.js'

const usage = `Usage: migration-check [command] [options] [files…]

Commands:
  apply (default)  validate env, connect, take the migration lock, verify applied files, lint
                   and apply pending ones (one transaction each), verify the live schema
  status           read-only; exit 0 only when nothing is pending and nothing drifted
  lint [files]     lint migrations without a database (default: every file in the journal)
  baseline         record every migration as applied, only if the live schema matches the code

Options:
  --migrations <dir>  drizzle-kit's output folder (default: the repository's drizzle/)
  --json              print one JSON object instead of progress lines
  -h, --help          show this help

Exit codes: 0 ok · 1 unexpected · 2 configuration · 3 database unreachable · 4 lock not
acquired in time · 5 migration failed (rolled back) · 6 verification failed · 7 lint errors`

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version
const commands = ['apply', 'status', 'lint', 'baseline'] as const
type Command = (typeof commands)[number]

function usageError(message: string): MigrationCheckError {
  return new MigrationCheckError('configuration', message, 'see `migration-check --help` for the commands and options')
}

function parse(argv: string[]): {
  command: Command
  json: boolean
  migrationsDir?: string
  files: string[]
  help: boolean
} {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, migrations: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (error) {
    throw usageError((error as Error).message)
  }
  const [first, ...rest] = parsed.positionals
  const command = (first ?? 'apply') as Command
  if (!commands.includes(command)) throw usageError(`unknown command "${first}"`)
  if (command !== 'lint' && rest.length > 0)
    throw usageError(`\`${command}\` takes no file arguments (got ${rest.join(' ')})`)
  return {
    command,
    json: parsed.values.json ?? false,
    migrationsDir: parsed.values.migrations,
    files: rest,
    help: parsed.values.help ?? false,
  }
}

const consoleReporter: Reporter = {
  info: (line) => process.stdout.write(`${redactSecrets(line)}\n`),
  warn: (line) => process.stderr.write(`${redactSecrets(line)}\n`),
}
const quiet: Reporter = { info: () => {}, warn: () => {} }

/** Anything not anticipated: the stack goes to stderr, the summary stays one line. */
function unexpected(caught: unknown): MigrationCheckError {
  const error = caught instanceof Error ? caught : new Error(String(caught))
  const code = (error as { code?: unknown }).code
  if (error.stack) process.stderr.write(`${redactSecrets(error.stack)}\n`)
  return new MigrationCheckError(
    'unexpected',
    `unexpected error: ${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${redactSecrets(error.message)}`,
    'read the error above: if it is about this database (e.g. a hand-made drizzle.__drizzle_migrations), fix that; otherwise report it as a bug in migration-check',
    { cause: error },
  )
}

/** Runs the CLI and resolves to the exit code; never throws. */
export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let json = argv.includes('--json')
  let command: Command | undefined
  // Filled by the command as it goes, so a failure still reports what happened before it.
  let result: object = {}
  try {
    const args = parse(argv)
    json = args.json
    command = args.command
    if (args.help) {
      process.stdout.write(`migration-check ${VERSION}\n\n${usage}\n`)
      return ExitCode.ok
    }
    const reporter = json ? quiet : consoleReporter
    if (!json) reporter.info(`migration-check ${VERSION} ${command}`)
    const options = { env, migrationsDir: args.migrationsDir, reporter }
    // Each command loads only its own modules: the no-op `apply` of every deploy does not pay for
    // the Drizzle schema, libpg-query or BullMQ unless it needs them (ADR 066).
    switch (command) {
      case 'apply': {
        const { emptyApplyResult, runApply } = await import('./commands/apply.js')
        const applied = emptyApplyResult()
        result = applied
        await runApply(options, applied)
        break
      }
      case 'status': {
        const { runStatus } = await import('./commands/status.js')
        const status: StatusResult = {}
        result = status
        await runStatus(options, status)
        break
      }
      case 'lint': {
        const { runLint } = await import('./commands/lint.js')
        result = { lint: await runLint({ ...options, files: args.files }) }
        break
      }
      case 'baseline': {
        const { emptyBaselineResult, runBaseline } = await import('./commands/baseline.js')
        const baseline = emptyBaselineResult()
        result = baseline
        await runBaseline(options, baseline)
        break
      }
    }
    if (json) process.stdout.write(`${JSON.stringify({ command, ok: true, exitCode: 0, ...result })}\n`)
    return ExitCode.ok
  } catch (caught) {
    const error = caught instanceof MigrationCheckError ? caught : unexpected(caught)
    if (json) {
      const payload = {
        command,
        ok: false,
        exitCode: error.exitCode,
        ...result,
        error: { kind: error.kind, message: redactSecrets(error.message), next: error.next, details: error.details },
      }
      process.stdout.write(`${JSON.stringify(payload)}\n`)
    } else {
      // Lint findings were already printed as they were found.
      if (error.kind !== 'lintErrors') {
        for (const detail of error.details) process.stderr.write(`  ✗ ${redactSecrets(detail)}\n`)
      }
      process.stderr.write(
        `migration-check: ${error.kind} (exit ${error.exitCode}): ${redactSecrets(error.summary)} — next: ${error.next}\n`,
      )
    }
    return error.exitCode
  }
}
