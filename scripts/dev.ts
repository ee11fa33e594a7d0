/**
 * `pnpm dev`: everything a newcomer needs on one machine. With no DATABASE_URL it starts a real
 * PostgreSQL under .data/, runs the same predeploy a deploy runs, seeds an admin, then starts the
 * web service and the worker (restarting them on changes) and prints where to go.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createDatabase } from '@draftsmith/db/client'
import { errorMessage } from '@draftsmith/db/errors'
import { redactUrl } from '@draftsmith/db/url'
import { runApply } from '@draftsmith/migration-check'
import { seedAdmin } from '../apps/web/src/seeds/admin-seed.js'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './dev/embedded-database.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = `${root}.data`
const log = (line: string) => console.log(`[dev] ${line}`)

/** The dev admin's password: generated once, kept under .data/ (the seed itself runs once). */
function devAdminPassword(): string {
  const path = `${dataDir}/admin-password`
  if (existsSync(path)) return readFileSync(path, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const password = randomBytes(12).toString('base64url')
  writeFileSync(path, `${password}\n`, { mode: 0o600 })
  return password
}

function start(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@draftsmith/source',
      '--watch-path',
      `${root}apps`,
      '--watch-path',
      `${root}packages`,
      entry,
    ],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`))
  }
  return child
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined
  const children: ChildProcess[] = []
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    for (const child of children) child.kill('SIGTERM')
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)))
    await embedded?.stop()
    process.exit(code)
  }
  process.once('SIGINT', () => void stop(0))
  process.once('SIGTERM', () => void stop(0))

  let databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase(dataDir, Number(process.env.DEV_POSTGRES_PORT ?? 54329), log)
    databaseUrl = embedded.databaseUrl
    log(`embedded PostgreSQL under .data/postgres: ${redactUrl(databaseUrl)}`)
  }
  log('predeploy: migration-check apply')
  await runApply({
    env: { ...process.env, DATABASE_URL: databaseUrl },
    reporter: { info: (l) => console.log(`  ${l}`), warn: (l) => console.warn(`  ${l}`) },
  })

  const adminEmail = process.env.DEFAULT_ADMIN_EMAIL ?? 'admin@draftsmith.local'
  const adminPassword = process.env.DEFAULT_ADMIN_PASSWORD ?? devAdminPassword()
  const database = createDatabase(databaseUrl, { max: 2, applicationName: 'draftsmith-dev' })
  const seeded = await seedAdmin(database.db, adminEmail, adminPassword).finally(() => database.close())
  log(seeded.ran ? `seeded admin ${adminEmail}` : 'admin already seeded')

  const port = process.env.PORT ?? '3000'
  const env = { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, PORT: port, LOG_PRETTY: '1' }
  children.push(start('web', 'apps/web/src/server.ts', env), start('worker', 'apps/worker/src/main.ts', env))
  for (const child of children)
    child.once('exit', (code) => !stopping && log(`a service exited (${code}); it restarts when you save a file`))

  log(`open http://127.0.0.1:${port} — admin: ${adminEmail} / ${adminPassword}`)
  log(
    `mode: ${process.env.REDIS_URL ? 'Redis for sessions cache and queue' : 'Postgres only (set REDIS_URL to use Redis)'} · Ctrl-C stops everything`,
  )
}

main().catch(async (error: unknown) => {
  console.error(
    `[dev] ${errorMessage(error)}${error instanceof Error && 'next' in error ? ` — next: ${String(error.next)}` : ''}`,
  )
  process.exit(1)
})
