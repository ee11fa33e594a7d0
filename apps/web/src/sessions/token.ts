import { hash } from 'node:crypto'

/**
 * The cookie carries a random token; the database keeps only its SHA-256, so a leaked
 * `sessions` table (or cache) cannot be replayed as cookies. One-shot `crypto.hash` costs a few
 * hundred nanoseconds, less than a lookup table keyed by tokens would save.
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex')
}
