import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MigrationCheckError } from './exit-codes.js'

/**
 * Put this comment in a migration that cannot run inside a transaction (`CREATE INDEX
 * CONCURRENTLY`): its statements then run one by one, and must be idempotent.
 */
export const NO_TRANSACTION_MARKER = 'migration-check:no-transaction'
const noTransactionPattern = new RegExp(`^\\s*--\\s*${NO_TRANSACTION_MARKER}\\b`, 'm')

export function hasNoTransactionMarker(sql: string): boolean {
  return noTransactionPattern.test(sql)
}

/**
 * The nearest `drizzle/` folder with a journal above `start`: the repository's (src/ and dist/
 * sit three levels below it), and also the image's, where `pnpm deploy` puts this package inside
 * an app's node_modules, several levels further down (see Dockerfile). Without one, the
 * repository's path, so the error names where the journal was expected.
 */
export function findMigrationsDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'drizzle')
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    if (dirname(dir) === dir) return fileURLToPath(new URL('../../../drizzle', import.meta.url))
  }
}

/** Where `apply`, `status`, `lint` and `baseline` read migrations unless `--migrations` says otherwise. */
export const defaultMigrationsDir = findMigrationsDir(fileURLToPath(new URL('.', import.meta.url)))

export interface MigrationFile {
  idx: number
  /** drizzle-kit's name for it, e.g. `0003_add_title`. */
  tag: string
  /** The journal's `when`: drizzle's ledger stores it as `created_at` and orders by it. */
  when: number
  /** Relative to the migrations folder, for messages: `0003_add_title.sql`. */
  fileName: string
  sql: string
  /** SHA-256 of the file's text: what drizzle writes to `__drizzle_migrations.hash`. */
  hash: string
  noTransaction: boolean
}

interface JournalEntry {
  idx: number
  when: number
  tag: string
  breakpoints?: boolean
}

export function hashMigration(sql: string): string {
  return createHash('sha256').update(sql).digest('hex')
}

/**
 * Reads `meta/_journal.json` and each file it lists, in journal order. Disagreements between
 * the journal and the folder are verification failures: drizzle's own migrator silently ignores
 * a SQL file that the journal does not list.
 */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const journalPath = join(dir, 'meta', '_journal.json')
  let journalText: string
  try {
    journalText = await readFile(journalPath, 'utf8')
  } catch {
    throw new MigrationCheckError(
      'configuration',
      `no migrations journal at ${journalPath}`,
      'pass --migrations <dir> pointing at the folder drizzle-kit generates (the one holding meta/_journal.json)',
    )
  }
  let entries: JournalEntry[]
  try {
    entries = (JSON.parse(journalText) as { entries: JournalEntry[] }).entries
    if (!Array.isArray(entries)) throw new Error('entries is not an array')
  } catch (error) {
    throw new MigrationCheckError(
      'verificationFailed',
      `${journalPath} is not a drizzle-kit journal (${(error as Error).message})`,
      'restore meta/_journal.json from git or regenerate it with drizzle-kit',
    )
  }

  const problems: string[] = []
  const listed = new Set(entries.map((e) => `${e.tag}.sql`))
  const onDisk = (await readdir(dir)).filter((name) => name.endsWith('.sql'))
  for (const name of onDisk) {
    if (!listed.has(name)) problems.push(`${name} is not listed in meta/_journal.json, so drizzle would never apply it`)
  }

  const files: MigrationFile[] = []
  let previous: JournalEntry | undefined
  for (const entry of entries) {
    const fileName = `${entry.tag}.sql`
    if (previous !== undefined && entry.when <= previous.when) {
      problems.push(
        `${fileName} is dated (journal "when") no later than ${previous.tag}.sql; the journal must be in time order`,
      )
    }
    previous = entry
    let sql: string
    try {
      sql = await readFile(join(dir, fileName), 'utf8')
    } catch {
      problems.push(`${fileName} is listed in meta/_journal.json but the file is missing`)
      continue
    }
    files.push({
      idx: entry.idx,
      tag: entry.tag,
      when: entry.when,
      fileName,
      sql,
      hash: hashMigration(sql),
      noTransaction: hasNoTransactionMarker(sql),
    })
  }
  if (problems.length > 0) {
    throw new MigrationCheckError(
      'verificationFailed',
      'the migrations folder disagrees with its journal',
      'regenerate with `pnpm db:generate` or restore the files from git so every SQL file has exactly one journal entry',
      { details: problems },
    )
  }
  return files
}
