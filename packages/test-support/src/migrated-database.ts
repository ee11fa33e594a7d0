import { fileURLToPath } from 'node:url'
import { baseEnv, runNode } from './run-process.js'
import { createTestDatabase, type TestDatabase } from './test-database.js'

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

// The predeploy's own command, run as a deploy runs it. A process rather than an import:
// migration-check's tests use this package, so importing it here would make the two a cycle.
const predeploy = fileURLToPath(new URL('../../migration-check/bin/migration-check.js', import.meta.url))

/** A fresh database with the predeploy applied, as a deploy leaves it (dropped when the test ends). */
export async function migratedDatabase(t: Teardown, label: string): Promise<TestDatabase> {
  const db = await createTestDatabase(t, label)
  const result = await runNode(predeploy, ['apply', '--json'], baseEnv({ DATABASE_URL: db.databaseUrl }))
  if (result.code !== 0)
    throw new Error(`migration-check apply failed (exit ${result.code}): ${result.stderr || result.stdout}`)
  return db
}
