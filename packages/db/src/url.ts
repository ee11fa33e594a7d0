/**
 * Database URL handling shared by every service: one parser that turns whatever a PaaS puts in
 * `DATABASE_URL` into options postgres.js can use safely, and redaction for logs.
 *
 * postgres.js does not check the scheme, silently falls back to `PGHOST`/localhost when the URL
 * is empty, and forwards unknown query parameters to the server as settings (which the server
 * then rejects with an obscure 42704). Everything is therefore checked here, once, and reported
 * together.
 */

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

const REDACTED = '****'

/**
 * Parses and normalises a Postgres URL. `postgres://` becomes `postgresql://`, the port is made
 * explicit, `sslmode` becomes postgres.js's `ssl` option. Throws {@link DatabaseUrlError} listing
 * every problem found.
 */
export function parseDatabaseUrl(raw: string | undefined): DatabaseUrl {
  const value = raw?.trim() ?? ''
  if (value === '') throw new DatabaseUrlError(['it is empty (set it to postgresql://user:password@host:5432/database)'])

  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new DatabaseUrlError([`"${redactUrl(value)}" is not a URL (expected postgresql://user:password@host:5432/database)`])
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
 * Replaces the password of a connection URL (and any `password=` query parameter) with `****`.
 * Works on strings that are not valid URLs too, so it is safe on anything about to be logged.
 */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value)
    if (u.password !== '') u.password = REDACTED
    if (u.searchParams.has('password')) u.searchParams.set('password', REDACTED)
    if (u.protocol === 'postgres:' || u.protocol === 'postgresql:' || u.protocol === 'redis:' || u.protocol === 'rediss:') {
      // WHATWG URL keeps these opaque: rebuild so the output reads like the input.
      return u.toString().replace(/%2A%2A%2A%2A/g, REDACTED)
    }
    return u.toString()
  } catch {
    return redactSecrets(value)
  }
}

/**
 * Redacts every `scheme://user:password@` and `password=` occurrence inside free text.
 *
 * Linear in the text's length: both patterns begin with a literal (`://`, `password=`), and each
 * repetition stops at a character the next part needs, so a match attempt never backtracks over
 * the text. (Anchoring on the scheme instead, `[a-z][a-z0-9+.-]*://`, retried the whole run of
 * letters from each of its letters: a 15 KB URL blocked the event loop for 110 ms.)
 */
export function redactSecrets(text: string): string {
  return text.replace(/(:\/\/[^:/?#@\s]*:)[^@\s/]*@/g, `$1${REDACTED}@`).replace(/(password=)[^&\s)'",;]*/gi, `$1${REDACTED}`)
}
