/**
 * `pnpm db:reset [--force]`, for development: empties every table of the schema in DATABASE_URL
 * (the migrations stay applied). Refused when NODE_ENV=production unless --force. A table that
 * cannot be emptied (missing, locked by a running worker) is named and the others are emptied.
 * Exit 0 when every table was emptied, 1 when some could not be, 2 when refused or misconfigured.
 */
import { parseArgs } from 'node:util'
import { createDatabase } from '@draftsmith/db/client'
import { errorMessage } from '@draftsmith/db/errors'
import { truncateTables } from '@draftsmith/db/reset'
import { DatabaseUrlError } from '@draftsmith/db/url'

const usage = 'usage: pnpm db:reset [--force]'

async function main(): Promise<number> {
  let force: boolean
  try {
    force = parseArgs({ options: { force: { type: 'boolean', default: false } } }).values.force
  } catch (error) {
    console.error(`db:reset: ${errorMessage(error)}\n${usage}`)
    return 2
  }
  if (process.env.NODE_ENV === 'production' && !force) {
    console.error(
      'db:reset: refused: NODE_ENV=production. This empties every table; pass --force if that is really what you want.',
    )
    return 2
  }
  let database
  try {
    database = createDatabase(process.env.DATABASE_URL ?? '', { applicationName: 'draftsmith-reset', max: 1 })
  } catch (error) {
    if (!(error instanceof DatabaseUrlError)) throw error
    console.error(`db:reset: ${error.message}`)
    return 2
  }
  try {
    console.log(`db:reset: emptying every table of ${database.url.redacted}`)
    const { truncated, failed } = await truncateTables(database.sql)
    for (const table of truncated) console.log(`  emptied  ${table}`)
    for (const { table, reason } of failed) console.error(`  FAILED   ${table}: ${reason}`)
    if (failed.length === 0) return 0
    console.error(
      `db:reset: ${failed.length} of ${truncated.length + failed.length} tables could not be emptied (the others were): is a worker still running, or the database not migrated (pnpm db:migrate)?`,
    )
    return 1
  } catch (error) {
    console.error(`db:reset: ${errorMessage(error)}`)
    return 1
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
