/** What a secret is replaced with in anything logged or printed. */
export const REDACTED = '****'

/**
 * Replaces the password of a connection URL (and any `password=` query parameter) with `****`.
 * Works on strings that are not valid URLs too, so it is safe on anything about to be logged.
 */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value)
    if (u.password !== '') u.password = REDACTED
    if (u.searchParams.has('password')) u.searchParams.set('password', REDACTED)
    if (
      u.protocol === 'postgres:' ||
      u.protocol === 'postgresql:' ||
      u.protocol === 'redis:' ||
      u.protocol === 'rediss:'
    ) {
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
  return text
    .replace(/(:\/\/[^:/?#@\s]*:)[^@\s/]*@/g, `$1${REDACTED}@`)
    .replace(/(password=)[^&\s)'",;]*/gi, `$1${REDACTED}`)
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
    if (typeof query === 'string' && Array.isArray(params) && params.length > 0)
      quoted.push(`\nparams: ${String(params)}`)
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
