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
 * text otherwise, which the text reader keeps line for line. Escaping a Markdown document as
 * text would turn its headings into literal `#` characters: the one wrong answer a reader sees.
 */
export function textFormatOf(text: string): Extract<DocumentFormat, 'html' | 'markdown' | 'text'> {
  const head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text
  if (htmlStart.test(head.slice(0, 512))) return 'html'
  if (markdownBlock.some((sign) => sign.test(head))) return 'markdown'
  if (markdownInline.some((sign) => sign.test(head))) return 'markdown'
  return 'text'
}
