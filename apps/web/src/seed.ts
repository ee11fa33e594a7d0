/**
 * `pnpm db:seed` (or `node apps/web/dist/seed.js` in a deployed image): creates the admin from
 * DEFAULT_ADMIN_EMAIL / DEFAULT_ADMIN_PASSWORD once per database. Exit 0 when seeded or already
 * seeded, 2 when the environment or the arguments are missing something, 1 otherwise.
 * `--demo N [--owner EMAIL]` loads demo data instead (services/demo-seed.ts).
 */
import { parseArgs } from 'node:util'
import { createDatabase } from '@draftsmith/db/client'
import { errorMessage } from '@draftsmith/db/errors'
import { DatabaseUrlError } from '@draftsmith/db/url'
import { demoUsage, seedDemo } from './seeds/demo-seed.js'
import { SeedInputError, seedAdmin } from './seeds/admin-seed.js'

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({ options: { demo: { type: 'string' }, owner: { type: 'string' } } }).values
  } catch (error) {
    console.error(`seed: ${errorMessage(error)}\n${demoUsage}`)
    return 2
  }
  let database
  try {
    database = createDatabase(process.env.DATABASE_URL ?? '', { applicationName: 'draftsmith-seed', max: 2 })
  } catch (error) {
    if (!(error instanceof DatabaseUrlError)) throw error
    console.error(`seed: ${error.message}`)
    return 2
  }
  try {
    if (args.demo !== undefined || args.owner !== undefined) {
      console.log(await seedDemo(database, args.demo ?? '', args.owner))
      return 0
    }
    const outcome = await seedAdmin(database.db, process.env.DEFAULT_ADMIN_EMAIL, process.env.DEFAULT_ADMIN_PASSWORD)
    console.log(
      outcome.ran
        ? `seed: admin ${outcome.email} created`
        : `seed: already ran on ${outcome.ranAt.toISOString()} (${String(outcome.details.email ?? '')}); nothing to do`,
    )
    return 0
  } catch (error) {
    console.error(`seed: ${errorMessage(error)}`)
    return error instanceof SeedInputError ? 2 : 1
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
