import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's committed migrations. */
export const repoMigrationsDir = fileURLToPath(new URL('../../../drizzle', import.meta.url))

interface Journal {
  version: string
  dialect: string
  entries: Array<{ idx: number; version: string; when: number; tag: string; breakpoints: boolean }>
}

export interface MigrationsFixture {
  dir: string
  /** Appends a migration (journal entry + file). `when` defaults to one second after the last. */
  add(tag: string, sql: string, when?: number): { tag: string; when: number; path: string }
  /** Rewrites an existing migration file. */
  write(tag: string, sql: string): void
  read(tag: string): string
  journal(): Journal
  saveJournal(journal: Journal): void
}

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

/** A private copy of the repository's `drizzle/` folder that a test may extend or damage. */
export function migrationsFixture(t: Teardown, options: { withRepoMigrations?: boolean } = {}): MigrationsFixture {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-migrations-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  if (options.withRepoMigrations ?? true) {
    cpSync(repoMigrationsDir, dir, { recursive: true })
  } else {
    cpSync(join(repoMigrationsDir, 'meta'), join(dir, 'meta'), { recursive: true })
    writeFileSync(
      join(dir, 'meta', '_journal.json'),
      JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }, null, 2),
    )
  }
  const journalPath = join(dir, 'meta', '_journal.json')
  const fixture: MigrationsFixture = {
    dir,
    journal: () => JSON.parse(readFileSync(journalPath, 'utf8')) as Journal,
    saveJournal: (journal) => writeFileSync(journalPath, JSON.stringify(journal, null, 2)),
    add(tag, sql, when) {
      const journal = fixture.journal()
      const last = journal.entries.at(-1)
      const entryWhen = when ?? (last ? last.when + 1000 : Date.now())
      journal.entries.push({ idx: journal.entries.length, version: '7', when: entryWhen, tag, breakpoints: true })
      fixture.saveJournal(journal)
      const path = join(dir, `${tag}.sql`)
      writeFileSync(path, sql)
      return { tag, when: entryWhen, path }
    },
    write: (tag, sql) => writeFileSync(join(dir, `${tag}.sql`), sql),
    read: (tag) => readFileSync(join(dir, `${tag}.sql`), 'utf8'),
  }
  return fixture
}

/** The tags of the repository's committed migrations, in order (what a fresh database gets). */
export function repoMigrationTags(): string[] {
  const journal = JSON.parse(readFileSync(join(repoMigrationsDir, 'meta', '_journal.json'), 'utf8')) as Journal
  return journal.entries.map((e) => e.tag)
}
