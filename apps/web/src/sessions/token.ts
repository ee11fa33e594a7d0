import { createHash } from 'node:crypto'

/**
 * The cookie carries a random token; the database keeps only its SHA-256, so a leaked
 * `sessions` table (or cache) cannot be replayed as cookies.
 */
export function hashToken(token: string): string {
  let hash = recent.get(token)
  if (hash === undefined) {
    hash = createHash('sha256').update(token).digest('hex')
    if (recent.size >= 10_000) recent.delete(recent.keys().next().value as string)
    recent.set(token, hash)
  }
  return hash
}

/** Tokens seen lately: a signed-in browser sends the same one on every request. */
const recent = new Map<string, string>()
