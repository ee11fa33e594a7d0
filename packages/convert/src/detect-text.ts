import type { DocumentFormat } from './formats.js'

/** How much of an unnamed text document is read to tell HTML, Markdown and plain text apart. */
const SNIFF_CHARS = 64 * 1024

const htmlStart = /^\s*(<!doctype html|<html[\s>])/i

/**
 * Lines only Markdown writes: ATX headings, fences, a table's delimiter row, reference link
 * definitions. One of them is enough — a plain-text letter does not start a line with "## ".
 */
const markdownBlock = [
  /^#{1,6}[ \t]+\S/m,
  /^ {0,3}(```|~~~)/m,
  /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/m,
  /^ {0,3}\[[^\]\n]+\]:[ \t]*\S+/m,
]
/** Inline syntax: a link or picture with a target, emphasis with stars. */
const markdownInline = [/!?\[[^\]\n]+\]\([^)\s]+(?:[ \t]+"[^"\n]*")?\)/, /\*\*[^*\n]+\*\*/]

/**
 * The format of a text document that came without a name or a declared type (standard input, a
 * library call with bytes only): HTML when it starts like a page; Markdown when it uses syntax
 * that only Markdown writes (a heading, a fence, a table, a link with a target, bold) — what
 * `cat notes.md | draftsmith convert -` means, and what pandoc assumes of standard input; plain
 * CSV/TSV when its first lines are rows of one delimiter (looksDelimited); plain
 * text otherwise, which the text reader keeps line for line. Escaping a Markdown document as
 * text would turn its headings into literal `#` characters: the one wrong answer a reader sees.
 */
export function textFormatOf(text: string): Extract<DocumentFormat, 'html' | 'markdown' | 'text' | 'csv' | 'tsv'> {
  const head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text
  if (htmlStart.test(head.slice(0, 512))) return 'html'
  if (markdownBlock.some((sign) => sign.test(head))) return 'markdown'
  // Rows of one delimiter (a Markdown table has its delimiter row, caught above).
  const delimited = looksDelimited(head, text.length > SNIFF_CHARS)
  if (delimited !== undefined) return delimited
  if (markdownInline.some((sign) => sign.test(head))) return 'markdown'
  return 'text'
}

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
export function looksDelimited(head: string, cut: boolean): 'csv' | 'tsv' | undefined {
  const text = head.replace(/^\uFEFF/, '')
  const lines = text.split(/\r\n|\n|\r/)
  // The last line of a cut sample may be partial.
  if (cut) lines.pop()
  const sample = lines.filter((line) => line.trim() !== '').slice(0, 20)
  if (sample.length < 3 || (text.includes('"') === false && /^\s*[<{[#]/.test(text))) return undefined
  for (const delimiter of DELIMITERS) {
    const first = countOutsideQuotes(sample[0] as string, delimiter)
    if (first === 0) continue
    if (sample.every((line) => countOutsideQuotes(line, delimiter) === first)) return delimiter === '\t' ? 'tsv' : 'csv'
  }
  return undefined
}
