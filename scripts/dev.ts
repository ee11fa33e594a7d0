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
import { startKeptDatabase, type KeptDatabase } from './dev/kept-database.js'
import { portInUse } from './dev/ports.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dataDir = `${root}.data`
const log = (line: string) => console.log(`[dev] ${line}`)
/** How long a service may take to drain on Ctrl-C before it is killed (the whole stop stays under 30 s). */
const SERVICE_STOP_BOUND_MS = 20_000

/** Seeds the admin once per database (recorded in seed_runs); whether it ran now. */
async function seedOnce(databaseUrl: string, email: string, password: string): Promise<boolean> {
  const database = createDatabase(databaseUrl, { max: 2, applicationName: 'draftsmith-dev' })
  try {
    return (await seedAdmin(database.db, email, password)).ran
  } finally {
    await database.close()
  }
}

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

/** Answers once the web service says it is healthy, so the address printed is one that works. */
async function untilHealthy(url: string, web: ChildProcess): Promise<boolean> {
  while (web.exitCode === null) {
    const ok = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return false
}

/** Waits for `child` to exit; past `boundMs`, kills it. */
function exitOf(child: ChildProcess, boundMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), boundMs)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
  })
}

async function main(): Promise<void> {
  let database: KeptDatabase | undefined
  const children: ChildProcess[] = []
  let stopping = false
  const stop = async (code: number) => {
    if (stopping) return
    stopping = true
    // Ctrl-C has signalled the services already (they share this process group); SIGTERM covers a
    // `kill` of this process alone. The database stops last, once nothing is using it.
    for (const child of children) child.kill('SIGTERM')
    await Promise.all(children.map((child) => exitOf(child, SERVICE_STOP_BOUND_MS)))
    await database?.stop()
    process.exit(code)
  }
  process.once('SIGINT', () => void stop(0))
  process.once('SIGTERM', () => void stop(0))

  const port = Number(process.env.PORT ?? 3000)
  if (await portInUse(port)) {
    throw new Error(
      `port ${port} is already in use (another \`pnpm dev\`?): stop what uses it, or pick another port: PORT=${port + 1} pnpm dev`,
    )
  }

  let databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    database = await startKeptDatabase(dataDir, Number(process.env.DEV_POSTGRES_PORT ?? 54329), log)
    databaseUrl = database.databaseUrl
    log(`embedded PostgreSQL under .data/postgres: ${redactUrl(databaseUrl)}`)
  }
  try {
    log('predeploy: migration-check apply')
    await runApply({
      env: { ...process.env, DATABASE_URL: databaseUrl },
      reporter: { info: (l) => console.log(`  ${l}`), warn: (l) => console.warn(`  ${l}`) },
    })
    const adminEmail = process.env.DEFAULT_ADMIN_EMAIL ?? 'admin@draftsmith.local'
    const adminPassword = process.env.DEFAULT_ADMIN_PASSWORD ?? devAdminPassword()
    const seeded = await seedOnce(databaseUrl, adminEmail, adminPassword)
    log(seeded ? `seeded admin ${adminEmail}` : 'admin already seeded')

    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_PRETTY: '1',
    }
    const web = start('web', 'apps/web/src/server.ts', env)
    children.push(web, start('worker', 'apps/worker/src/main.ts', env))
    for (const child of children)
      child.once('exit', (code) => !stopping && log(`a service exited (${code}); it restarts when you save a file`))

    const url = `http://127.0.0.1:${port}`
    if (!(await untilHealthy(url, web))) return
    log(`open ${url} — admin: ${adminEmail} / ${adminPassword}`)
    log(
      `mode: ${process.env.REDIS_URL ? 'Redis for sessions cache and queue' : 'Postgres only (set REDIS_URL to use Redis)'} · Ctrl-C stops everything`,
    )
  } catch (error) {
    await database?.stop()
    throw error
  }
}

main().catch((error: unknown) => {
  console.error(
    `[dev] ${errorMessage(error)}${error instanceof Error && 'next' in error ? ` — next: ${String(error.next)}` : ''}`,
  )
  process.exit(1)
})
