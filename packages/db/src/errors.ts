import { redactSecrets } from './url.js'

/** Error codes that mean "the database is not reachable right now", as opposed to a bad query. */
const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000', // connection_exception
  '08003', // connection_does_not_exist
  '08006', // connection_failure
])

/**
 * Whether `error` (or anything in its `cause` chain: drizzle wraps driver errors) says the
 * database could not be reached. Such failures are transient: a web request answers 503, a job
 * retries.
 */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && connectionErrorCodes.has(code)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/**
 * The `params: …` lines drizzle puts in a failed query's message (and so its stack), for every
 * DrizzleQueryError in `error`'s cause chain. They quote each bound value: password hashes,
 * e-mail addresses, whole uploaded documents.
 */
function quotedParameters(error: unknown): string[] {
  const quoted: string[] = []
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const { query, params } = current as { query?: unknown; params?: unknown }
    if (typeof query === 'string' && Array.isArray(params) && params.length > 0) quoted.push(`\nparams: ${String(params)}`)
    current = (current as { cause?: unknown }).cause
  }
  return quoted
}

/**
 * `text` (an error's message or stack) fit for a log line or a terminal: the bound parameters
 * of failed queries dropped, passwords in URLs and connection strings redacted.
 */
export function scrubErrorText(text: string, error: unknown): string {
  let scrubbed = text
  for (const quoted of quotedParameters(error)) scrubbed = scrubbed.split(quoted).join('\nparams: [redacted]')
  return redactSecrets(scrubbed)
}

/** An error's message, scrubbed (see {@link scrubErrorText}). */
export function errorMessage(error: unknown): string {
  return scrubErrorText(error instanceof Error ? error.message : String(error), error)
}
