/**
 * Database URL handling shared by every service: one parser that turns whatever a PaaS puts in
 * `DATABASE_URL` into options postgres.js can use safely, and redaction for logs.
 *
 * postgres.js does not check the scheme, silently falls back to `PGHOST`/localhost when the URL
 * is empty, and forwards unknown query parameters to the server as settings (which the server
 * then rejects with an obscure 42704). Everything is therefore checked here, once, and reported
 * together.
 */

import { redactSecrets, redactUrl } from '@draftsmith/runtime/redact'

// The predeploy imports only this package (see DESIGN.md): it gets redaction from here.
export { redactSecrets, redactUrl }

/** TLS mode for postgres.js, derived from libpq's `sslmode`. */
export type SslMode = false | 'prefer' | 'require' | 'verify-full'

export interface DatabaseUrl {
  /** `postgresql://…` without the query parameters handled here (safe to give postgres.js). */
  url: string
  /** The same URL with the password replaced, for logs. */
  redacted: string
  ssl: SslMode
  host: string
  port: number
  database: string
  user: string
  /** Server settings passed through from the query string (e.g. `application_name`). */
  connection: Record<string, string>
}

export class DatabaseUrlError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`DATABASE_URL is invalid: ${problems.join('; ')}`)
    this.name = 'DatabaseUrlError'
    this.problems = problems
  }
}

const sslModes: Record<string, SslMode> = {
  disable: false,
  allow: 'prefer',
  prefer: 'prefer',
  require: 'require',
  // Heroku-style spelling: encrypted, certificate not verified.
  'no-verify': 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
}

/** Startup settings the server accepts and that are safe to forward as they are. */
const passthroughParams = new Set(['application_name', 'options', 'search_path', 'timezone'])

/**
 * Parses and normalises a Postgres URL. `postgres://` becomes `postgresql://`, the port is made
 * explicit, `sslmode` becomes postgres.js's `ssl` option. Throws {@link DatabaseUrlError} listing
 * every problem found.
 */
export function parseDatabaseUrl(raw: string | undefined): DatabaseUrl {
  const value = raw?.trim() ?? ''
  if (value === '')
    throw new DatabaseUrlError(['it is empty (set it to postgresql://user:password@host:5432/database)'])

  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new DatabaseUrlError([
      `"${redactUrl(value)}" is not a URL (expected postgresql://user:password@host:5432/database)`,
    ])
  }

  const problems: string[] = []
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    problems.push(`scheme "${parsed.protocol.replace(/:$/, '')}" is not postgres or postgresql`)
  }
  if (parsed.hostname === '') problems.push('it has no host')
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  if (database === '') problems.push('it names no database (add /<database> after the host)')
  const port = parsed.port === '' ? 5432 : Number(parsed.port)

  let ssl: SslMode = false
  const connection: Record<string, string> = {}
  for (const [key, v] of parsed.searchParams) {
    if (key === 'sslmode' || key === 'ssl') {
      const mode = key === 'ssl' && (v === 'true' || v === '1') ? 'require' : v
      if (mode in sslModes) ssl = sslModes[mode] as SslMode
      else problems.push(`${key}=${v} is not one of ${Object.keys(sslModes).join(', ')}`)
    } else if (passthroughParams.has(key)) {
      connection[key] = v
    } else {
      problems.push(
        `query parameter "${key}" is not supported (supported: sslmode, ${[...passthroughParams].join(', ')})`,
      )
    }
  }
  if (problems.length > 0) throw new DatabaseUrlError(problems)

  const user = decodeURIComponent(parsed.username)
  const base = new URL(`postgresql://${parsed.host}`)
  base.username = parsed.username
  base.password = parsed.password
  base.port = String(port)
  base.pathname = parsed.pathname
  const url = base.toString()
  return { url, redacted: redactUrl(url), ssl, host: parsed.hostname, port, database, user, connection }
}

/**
 * The connection settings every service shares: DATABASE_URL is required and must parse,
 * REDIS_URL is optional and must be a redis URL. Problems go to `problems`; the values are
 * returned as given.
 */
export function checkConnectionUrls(
  env: { DATABASE_URL?: string; REDIS_URL?: string },
  problems: string[],
): { databaseUrl: string; redisUrl: string | undefined } {
  if (env.DATABASE_URL === undefined) {
    problems.push('DATABASE_URL is not set (`pnpm dev` starts an embedded database and sets it)')
  } else {
    try {
      parseDatabaseUrl(env.DATABASE_URL)
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error
      problems.push(...error.problems.map((p) => `DATABASE_URL: ${p}`))
    }
  }
  if (env.REDIS_URL !== undefined && !/^rediss?:\/\/[^/]/.test(env.REDIS_URL)) {
    problems.push(`REDIS_URL "${redactUrl(env.REDIS_URL)}" is not a redis:// or rediss:// URL`)
  }
  return { databaseUrl: env.DATABASE_URL ?? '', redisUrl: env.REDIS_URL }
}
