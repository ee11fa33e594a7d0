import { child, childrenNamed, toggle, valueOf } from './xml.js'
import type { Element } from '../../tree/model.js'

/** What the DOCX stage needs of one style, with what it inherits (`w:basedOn`) folded in. */
export interface DocxStyle {
  /** The name people see in Word (`heading 1`, `Source Code`), lower-cased. */
  name: string
  /** 1–6 for a heading style (by name or outline level); 0 otherwise. */
  headingLevel: number
  /** Numbering the style itself applies (`Heading 1` numbered by a multilevel list). */
  numbering?: { numId: string; ilvl: number }
  bold?: boolean
  italic?: boolean
  strike?: boolean
  /** Set in a monospaced font. */
  monospace?: boolean
  /** A style for program code by its name (not "Source Reference", "Listing Number"…). */
  code: boolean
}

/** Fonts whose letters all have one width: text set in one of them throughout reads as code. */
const monospaceFonts =
  /^(courier|courier new|consolas|menlo|monaco|lucida console|lucida sans typewriter|source code pro|fira code|fira mono|dejavu sans mono|liberation mono|ubuntu mono|roboto mono|jetbrains mono|cascadia (code|mono)|sf mono|andale mono|inconsolata|noto mono|noto sans mono|ocr a extended|pt mono|ibm plex mono|droid sans mono|monospace)$/i

export function isMonospaceFont(rFonts: Element | undefined): boolean | undefined {
  const font = rFonts?.attribs['w:ascii'] ?? rFonts?.attribs['w:hAnsi']
  return font === undefined ? undefined : monospaceFonts.test(font.trim())
}

const codeStyleNames =
  /^(source code|code|code block|codeblock|html preformatted|preformatted|preformatted text|plain text|macro text|verbatim|program code|code listing|sourcecode)( char)?$/

function headingLevelOf(name: string, outlineLevel: string | undefined): number {
  const named = /^heading\s*([1-9])$/.exec(name)
  if (named) return Math.min(6, Number(named[1]))
  if (name === 'title') return 1
  if (outlineLevel !== undefined) {
    const level = Number.parseInt(outlineLevel, 10)
    // Level 9 is Word's "body text".
    if (Number.isFinite(level) && level >= 0 && level < 9) return Math.min(6, level + 1)
  }
  return 0
}

/** The document's paragraph and character styles, by id. */
export class DocxStyles {
  private readonly byId = new Map<string, Element>()
  private readonly resolved = new Map<string, DocxStyle>()
  private defaultParagraph: string | undefined

  constructor(styles: Element | undefined) {
    const root = styles && child(styles, 'w:styles')
    for (const style of childrenNamed(root, 'w:style')) {
      const id = style.attribs['w:styleId']
      if (id === undefined) continue
      this.byId.set(id, style)
      if (style.attribs['w:type'] === 'paragraph' && /^(1|true|on)$/i.test(style.attribs['w:default'] ?? ''))
        this.defaultParagraph = id
    }
  }

  /** A style by id (the default paragraph style when `id` is absent); `basedOn` chains are bounded. */
  style(id: string | undefined): DocxStyle {
    const key = id ?? this.defaultParagraph ?? ''
    const cached = this.resolved.get(key)
    if (cached !== undefined) return cached
    const chain: Element[] = []
    for (
      let current = this.byId.get(key);
      current !== undefined && chain.length < 20 && !chain.includes(current);
      current = this.byId.get(valueOf(current, 'w:basedOn') ?? '')
    )
      chain.push(current)
    const own = chain[0]
    const name = (own && valueOf(own, 'w:name'))?.toLowerCase().trim() ?? key.toLowerCase()
    const style: DocxStyle = {
      name,
      headingLevel: 0,
      code: codeStyleNames.test(name) || /^(sourcecode|htmlpreformatted|code)$/i.test(key),
    }
    // Nearest definition wins: walk from the base up.
    let outline: string | undefined
    for (let i = chain.length - 1; i >= 0; i--) {
      const current = chain[i] as Element
      const pPr = child(current, 'w:pPr')
      const rPr = child(current, 'w:rPr')
      outline = valueOf(pPr, 'w:outlineLvl') ?? outline
      const numPr = child(pPr, 'w:numPr')
      const numId = valueOf(numPr, 'w:numId')
      if (numId !== undefined)
        style.numbering = { numId, ilvl: Number.parseInt(valueOf(numPr, 'w:ilvl') ?? '0', 10) || 0 }
      style.bold = toggle(rPr, 'w:b') ?? style.bold
      style.italic = toggle(rPr, 'w:i') ?? style.italic
      style.strike = toggle(rPr, 'w:strike') ?? style.strike
      style.monospace = isMonospaceFont(child(rPr, 'w:rFonts')) ?? style.monospace
    }
    // A heading's level comes from its own name first: "heading 2" based on "heading 1" is level 2.
    let level = 0
    for (const current of chain) {
      level = headingLevelOf(valueOf(current, 'w:name')?.toLowerCase().trim() ?? '', undefined)
      if (level > 0) break
    }
    style.headingLevel = level > 0 ? level : headingLevelOf(name, outline)
    this.resolved.set(key, style)
    return style
  }
}
