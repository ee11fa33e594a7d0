import { plural, type ConversionReporter } from '../conversion-reporter.js'
import { boundNesting } from './markdown-depth.js'
import { escapeLineStart, escapeText } from './markdown-text.js'

/**
 * A line without its trailing spaces and tabs. Not `/[ \t]+$/`: a regular expression tries that
 * from every blank of the line, so a line of 9,000 leading spaces costs 40 million steps.
 */
function trimTrailingBlanks(line: string): string {
  let end = line.length
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--
  return end === line.length ? line : line.slice(0, end)
}

/**
 * The cleanup every output gets: one kind of line ending, no control characters, Unicode NFC,
 * no trailing spaces, at most one blank line in a row, exactly one final newline.
 */
export function normalizeMarkdown(markdown: string): string {
  return (
    markdown
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      // NFC leaves ASCII alone and composes only with what follows a character: normalizing each
      // non-ASCII run with the character before it is the same, without copying a 40 MB page twice.
      // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
      .replace(/[\x00-\x7f]?[^\x00-\x7f]+/g, (run) => run.normalize('NFC'))
      .split('\n')
      .map(trimTrailingBlanks)
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  )
}

/** Decodes UTF-8 (dropping a byte-order mark). The web accepted only valid UTF-8 text. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '')
}

/** Plain text as Markdown that renders as the same text: Markdown syntax in it is escaped. */
export function textToMarkdown(bytes: Uint8Array): string {
  const lines = decodeText(bytes).replace(/\r\n?/g, '\n').split('\n')
  return normalizeMarkdown(lines.map((line) => escapeLineStart(escapeText(line))).join('\n'))
}

/**
 * Markdown is already Markdown: normalized, and nested no deeper than `maxDepth` (deeper block
 * quotes and lists are flattened and reported: see markdown-depth.ts).
 */
export function markdownToMarkdown(bytes: Uint8Array, report?: ConversionReporter, maxDepth = 32): string {
  const { markdown, flattened } = boundNesting(decodeText(bytes), maxDepth)
  if (flattened > 0)
    report?.notKept(
      'nesting-flattened',
      (n) => `${plural(n, 'line')} nested more than ${maxDepth} quotes or lists deep flattened to ${maxDepth} levels`,
      flattened,
    )
  return normalizeMarkdown(markdown)
}
