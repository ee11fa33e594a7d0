import { escapeLineStart, escapeText } from './markdown-text.js'

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
      .map((line) => line.replace(/[ \t]+$/, ''))
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

/** Markdown is already Markdown: only normalized. */
export function markdownToMarkdown(bytes: Uint8Array): string {
  return normalizeMarkdown(decodeText(bytes))
}
