import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { baseEnv, runNode } from './run-process.js'
import { adminUrl, createTestDatabase, urlFor, type TestDatabase } from './test-database.js'

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

// The predeploy's own command, run as a deploy runs it. A process rather than an import:
// migration-check's tests use this package, so importing it here would make the two a cycle.
const predeploy = fileURLToPath(new URL('../../migration-check/bin/migration-check.js', import.meta.url))
const repo = fileURLToPath(new URL('../../../', import.meta.url))

/** Every file under `dir`, sorted, as `path\0bytes` pairs fed to `hash`. */
function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) hashTree(hash, path)
    else hash.update(`${path.slice(repo.length)}\0`).update(readFileSync(path))
  }
}

/**
 * What a deploy leaves behind depends on the migrations, the predeploy's code and the queue
 * library's own schema: a template is named after all three, so a change to any makes a new one.
 */
function templateName(): string {
  const hash = createHash('sha256')
  hashTree(hash, join(repo, 'drizzle'))
  hashTree(hash, join(repo, 'packages/migration-check/src'))
  hash.update(readFileSync(join(repo, 'packages/migration-check/node_modules/bullmq/package.json')))
  return `ds_template_${hash.digest('hex').slice(0, 16)}`
}

/** Templates kept from earlier versions of the migrations (other checkouts may still use them). */
const KEEP_TEMPLATES = 5

let template: Promise<string> | undefined

/**
 * The migrated template, made once per version by running the predeploy into a database and
 * freezing it (`is_template`, no connections). An advisory lock makes the test files — and
 * concurrent runs from other checkouts — build it once between them.
 */
function migratedTemplate(): Promise<string> {
  return (template ??= (async () => {
    const name = templateName()
    // One connection, so the session-level lock and the statements share it (CREATE DATABASE
    // cannot run inside a transaction, so no transaction-level lock).
    const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
    try {
      await sql`select pg_advisory_lock(hashtext(${name}))`
      const [found] = await sql`select 1 from pg_database where datname = ${name} and datistemplate`
      if (found) return name
      // A run killed while building leaves this behind.
      const building = `${name}_building`
      await sql.unsafe(`drop database if exists "${building}" with (force)`)
      await sql.unsafe(`create database "${building}"`)
      const result = await runNode(predeploy, ['apply', '--json'], baseEnv({ DATABASE_URL: urlFor(building) }))
      if (result.code !== 0)
        throw new Error(`migration-check apply failed (exit ${result.code}): ${result.stderr || result.stdout}`)
      await sql.unsafe(`alter database "${building}" rename to "${name}"`)
      await sql.unsafe(`alter database "${name}" with is_template true allow_connections false`)
      const stale = await sql<{ datname: string }[]>`
        select datname from pg_database
        where datistemplate and datname like 'ds\\_template\\_%' and datname <> ${name}
        order by oid desc offset ${KEEP_TEMPLATES - 1}`
      for (const { datname } of stale) {
        await sql.unsafe(`alter database "${datname}" with is_template false`)
        await sql.unsafe(`drop database if exists "${datname}" with (force)`)
      }
      return name
    } finally {
      await sql.end()
    }
  })())
}

/**
 * A fresh database with the predeploy applied, as a deploy leaves it (dropped when the test
 * ends): a copy of a template the predeploy migrated once, which is what a test file needs at a
 * fraction of the cost of running the predeploy for each.
 */
export async function migratedDatabase(t: Teardown, label: string): Promise<TestDatabase> {
  return createTestDatabase(t, label, { template: await migratedTemplate() })
}
