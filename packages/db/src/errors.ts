// Error texts are scrubbed by runtime (which depends on nothing of ours); re-exported for the
// predeploy, which imports only this package.
export { errorMessage, scrubErrorText } from '@draftsmith/runtime/redact'

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
  'CONNECTION_WAIT_TIMEOUT', // no free connection in time (patches/postgres@3.4.9.patch)
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
