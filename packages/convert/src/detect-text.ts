/**
 * Text heuristics for detection (no reader loaded): whether bytes can be text in some encoding, and
 * whether UTF-8 text is delimited data (CSV/TSV) rather than prose.
 */

/** `utf-16` (byte-order mark), `utf-8` (valid), `8-bit` (no NUL: a code page, Shift-JIS…), or not text. */
export function textEncodingOf(bytes: Uint8Array): 'utf-16' | 'utf-8' | '8-bit' | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'utf-16'
  const head = bytes.subarray(0, 1 << 20)
  if (head.includes(0)) return undefined
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return 'utf-8'
  } catch {
    return '8-bit'
  }
}

const DELIMITERS = [',', '\t', ';', '|'] as const

/** Delimiters on one line, outside double quotes (a quoted field may hold them). */
function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0
  let quoted = false
  for (const char of line) {
    if (char === '"') quoted = !quoted
    else if (char === delimiter && !quoted) count++
  }
  return count
}

/**
 * `csv` or `tsv` when the first lines (at least three, up to twenty) each hold the same number of
 * one delimiter — comma, tab, semicolon or pipe — at least once: rows of a table. Prose with a
 * comma on every line rarely has the same number on three lines running; a name or declared
 * type decides otherwise.
 */
export function looksDelimited(bytes: Uint8Array): 'csv' | 'tsv' | undefined {
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 65_536)).replace(/^\uFEFF/, '')
  const lines = text.split(/\r\n|\n|\r/)
  // The last line of a cut sample may be partial.
  if (bytes.length > 65_536) lines.pop()
  const sample = lines.filter((line) => line.trim() !== '').slice(0, 20)
  if (sample.length < 3 || (text.includes('"') === false && /^\s*[<{[#]/.test(text))) return undefined
  for (const delimiter of DELIMITERS) {
    const first = countOutsideQuotes(sample[0] as string, delimiter)
    if (first === 0) continue
    if (sample.every((line) => countOutsideQuotes(line, delimiter) === first)) return delimiter === '\t' ? 'tsv' : 'csv'
  }
  return undefined
}
