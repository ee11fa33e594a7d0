import { appendNode, element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'

/** Fields nest (a PAGE inside an IF): deeper than this is not a document a person made. */
const MAX_FIELD_DEPTH = 32
/** A field's code is a line of instructions: more than this is not one Word wrote. */
const MAX_CODE_LENGTH = 4096

/** A complex field (`fldChar begin … separate … end`) being read: its code, then its shown result. */
interface OpenField {
  phase: 'code' | 'result'
  code: string
  /** The link a HYPERLINK field's result is written into. */
  link?: Element
}

/** `HYPERLINK "https://…"` (or `\l "bookmark"`, which has no target outside the document). */
export function hyperlinkField(code: string): string | undefined {
  const match =
    /^\s*HYPERLINK\s+(?:\\[a-km-z]\s+"[^"]*"\s+)*"([^"]+)"/i.exec(code) ?? /^\s*HYPERLINK\s+([^\s"\\]+)/i.exec(code)
  return match?.[1]
}

/**
 * The complex fields open while runs are read. A field's code is never text; its result is (a
 * date, a page reference, a table of contents' entries), and a HYPERLINK field's result is
 * written into a link. Fields may span runs and paragraphs. Every operation is O(1), however
 * many fields a hostile document opens and never closes.
 */
export class FieldStack {
  private readonly fields: OpenField[] = []
  /** Open fields in their code phase. */
  private codeFields = 0
  private readonly links: Element[] = []
  /** Fields opened past {@link MAX_FIELD_DEPTH}: only counted, so their ends pair up. */
  private overflow = 0

  /** Inside a field's code: nothing read is text. */
  get inCode(): boolean {
    return this.codeFields > 0
  }

  /** Where runs are written: the innermost open HYPERLINK field's link, or `out`. */
  target(out: Element): Element {
    return this.links.at(-1) ?? out
  }

  begin(): void {
    if (this.fields.length >= MAX_FIELD_DEPTH) {
      this.overflow++
      return
    }
    this.fields.push({ phase: 'code', code: '' })
    this.codeFields++
  }

  instruction(text: string): void {
    const field = this.fields.at(-1)
    if (this.overflow === 0 && field !== undefined && field.phase === 'code' && field.code.length < MAX_CODE_LENGTH)
      field.code += text
  }

  /** The code is complete: the result follows, into a link (added to `out`'s target) for HYPERLINK. */
  separate(out: Element): void {
    const field = this.fields.at(-1)
    if (this.overflow > 0 || field === undefined || field.phase !== 'code') return
    field.phase = 'result'
    this.codeFields--
    const href = hyperlinkField(field.code)
    if (href === undefined || this.inCode) return
    const link = element('a', { href })
    appendNode(this.target(out), link)
    field.link = link
    this.links.push(link)
  }

  end(): void {
    if (this.overflow > 0) {
      this.overflow--
      return
    }
    const field = this.fields.pop()
    if (field?.phase === 'code') this.codeFields--
    if (field?.link !== undefined) this.links.pop()
  }
}
