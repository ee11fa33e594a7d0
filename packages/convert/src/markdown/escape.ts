/**
 * Text made safe for Markdown: what the page says renders as itself, and only that. Escaping is
 * kept to what GitHub would otherwise read as syntax, so the Markdown stays readable.
 */

/**
 * HTML's whitespace collapsing: runs of spaces, tabs and line breaks are one space. A lone space
 * is left as it is, not replaced by itself: a page of words has millions of them.
 */
export const collapseWhitespace = (text: string) => text.replace(/[ \t\n\r\f]{2,}|[\t\n\r\f]/g, ' ')

/**
 * Escapes inline syntax in running text: backslashes, code and emphasis markers, brackets,
 * `$` (GitHub reads math), `~` (strikethrough), and `<` / `&` only where they would start a tag
 * or an entity. Underscores inside words are left alone: GFM does not read them as emphasis.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\`*[\]$~]/g, '\\$&')
    .replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, (match) => match.replace('_', '\\_'))
    .replace(/<(?=[a-zA-Z/!?])/g, '\\<')
    .replace(/&(?=#?\w+;)/g, '\\&')
}

/** A line that would start a block (heading, quote, list, rule, fence, table) if it began a line: its first mark escaped. */
export function escapeLineStart(line: string): string {
  return line
    .replace(/^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|=+\s*$|-{2,}\s*$|\|)/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
}

/** `code` in backticks that its own backticks cannot close. */
export function codeSpan(code: string): string {
  const text = collapseWhitespace(code)
  if (text.trim() === '') return ''
  let longest = 0
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** A fenced code block, its fence longer than any backtick run inside. */
export function codeBlock(code: string, language = ''): string {
  let longest = 2
  for (const run of code.match(/^ {0,3}`{3,}/gm) ?? []) longest = Math.max(longest, run.trim().length)
  const fence = '`'.repeat(longest + 1)
  return `${fence}${language}\n${code.replace(/\n$/, '')}\n${fence}`
}

/** A link or image destination: as written, in angle brackets when spaces or parentheses would end it. */
export function destination(url: string): string {
  const trimmed = url.trim()
  return /[\s()<>]/.test(trimmed) ? `<${trimmed.replace(/[<>\n]/g, encodeURIComponent)}>` : trimmed
}

/** A link or image title in double quotes. */
export const title = (text: string | undefined) =>
  text && text.trim() !== '' ? ` "${collapseWhitespace(text).trim().replace(/["\\]/g, '\\$&')}"` : ''

/** Text and attribute values inside raw HTML (tables GFM cannot say). */
export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
export const escapeAttribute = (text: string) => escapeHtml(text).replace(/"/g, '&quot;')
