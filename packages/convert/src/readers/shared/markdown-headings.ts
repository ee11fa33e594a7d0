import { appendAll } from '../../arrays.js'

/**
 * Moves the headings of a block of Markdown already written (a Markdown file inside a zip, an
 * attachment) `offset` levels down, bounded at `######`, so that they sit under the heading its
 * container gave it, as a tree's `h1`–`h6` are moved (embedded.ts). ATX headings are renumbered;
 * setext ones (`Title` over `===` or `---`) become ATX, since an underline has only two levels.
 * Fenced code and a leading YAML front matter are left as they are: their `#` and `---` lines are
 * not headings.
 */
export function lowerMarkdownHeadings(markdown: string, offset: number): string {
  if (offset <= 0) return markdown
  const lines = markdown.split('\n')
  const out: string[] = []
  const lowered = (level: number) => '#'.repeat(Math.min(6, level + offset))
  let fence: { mark: string; length: number } | undefined
  /** Where the paragraph being read starts in `out` (a setext underline makes it a heading), if one is. */
  let paragraph: number | undefined
  let start = 0
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const end = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line))
    if (end > 0) {
      appendAll(out, lines.slice(0, end + 1))
      start = end + 1
    }
  }
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line)
    if (fence !== undefined) {
      out.push(line)
      const closing = opening?.[1]
      if (
        closing !== undefined &&
        closing[0] === fence.mark &&
        closing.length >= fence.length &&
        /^ {0,3}[`~]+\s*$/.test(line)
      )
        fence = undefined
      continue
    }
    if (opening !== undefined && opening !== null) {
      fence = { mark: (opening[1] as string)[0] as string, length: (opening[1] as string).length }
      paragraph = undefined
      out.push(line)
      continue
    }
    const atx = /^( {0,3})(#{1,6})(?=[ \t]|$)/.exec(line)
    if (atx) {
      out.push(`${atx[1]}${lowered((atx[2] as string).length)}${line.slice(atx[0].length)}`)
      paragraph = undefined
      continue
    }
    const underline = /^ {0,3}(=+|-+)\s*$/.exec(line)
    if (underline && paragraph !== undefined) {
      const text = out
        .splice(paragraph)
        .map((part) => part.trim())
        .join(' ')
      out.push(`${lowered((underline[1] as string)[0] === '=' ? 1 : 2)} ${text}`)
      paragraph = undefined
      continue
    }
    if (line.trim() === '') paragraph = undefined
    else if (paragraph === undefined && isParagraphStart(line)) paragraph = out.length
    out.push(line)
  }
  return out.join('\n')
}

/** Whether a line starts a paragraph (text a setext underline can make a heading), not another block. */
function isParagraphStart(line: string): boolean {
  return !/^( {4}|\t| {0,3}([>|<]|[-*+][ \t]|\d{1,9}[.)][ \t]|(\*[ \t]*){3,}$|(_[ \t]*){3,}$))/.test(line)
}
