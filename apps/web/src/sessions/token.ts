import { createHash } from 'node:crypto'

/**
 * The cookie carries a random token; the database keeps only its SHA-256, so a leaked
 * `sessions` table (or cache) cannot be replayed as cookies. Not memoized: a hash costs about a
 * microsecond, and a map of raw tokens would put replayable cookies in every heap dump.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
