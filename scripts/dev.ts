/**
 * `pnpm dev`: everything a newcomer needs on one machine. With no DATABASE_URL it starts a real
 * PostgreSQL under .data/, then runs the same predeploy a deploy runs.
 */
import { fileURLToPath } from 'node:url'
import { runApply } from '@draftsmith/migration-check'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './dev/embedded-database.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const log = (line: string) => console.log(`[dev] ${line}`)

async function main(): Promise<number> {
  let embedded: EmbeddedDatabase | undefined
  const stop = async () => {
    await embedded?.stop()
    embedded = undefined
  }
  process.once('SIGINT', () => void stop().then(() => process.exit(130)))
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)))
  try {
    let databaseUrl = process.env.DATABASE_URL
    if (databaseUrl === undefined || databaseUrl === '') {
      embedded = await startEmbeddedDatabase(`${root}.data`, Number(process.env.DEV_POSTGRES_PORT ?? 54329), log)
      databaseUrl = embedded.databaseUrl
      log(`embedded PostgreSQL running: ${databaseUrl.replace(/:[^:@/]+@/, ':****@')}`)
    }
    log('running the predeploy (migration-check apply)')
    await runApply({
      env: { ...process.env, DATABASE_URL: databaseUrl },
      reporter: { info: (l) => console.log(`  ${l}`), warn: (l) => console.warn(`  ${l}`) },
    })
    log('the database is migrated. The web service and the worker come next (issues #3 and #4).')
    return 0
  } catch (error) {
    console.error(`[dev] ${error instanceof Error ? `${error.message}${'next' in error ? ` — next: ${String(error.next)}` : ''}` : String(error)}`)
    return 1
  } finally {
    await stop()
  }
}

process.exitCode = await main()
