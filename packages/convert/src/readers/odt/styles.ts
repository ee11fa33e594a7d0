import type { Element } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { child } from '../shared/xml-tree.js'

/** Character formatting the Markdown keeps; `undefined` inherits from the parent style or the enclosing span. */
export interface TextFormat {
  bold?: boolean
  italic?: boolean
  strike?: boolean
  /** `sup` / `sub`, or `none` when a style resets the position. */
  position?: 'sup' | 'sub' | 'none'
  code?: boolean
}

interface StyleEntry {
  parent: string | undefined
  name: string
  displayName: string
  outlineLevel: number | undefined
  listStyle: string | undefined
  format: TextFormat
}

const monospace = /mono|courier|consolas|menlo|code|fixed/i

function textFormatOf(properties: Element | undefined): TextFormat {
  const format: TextFormat = {}
  if (properties === undefined) return format
  const a = properties.attribs
  const weight = a['fo:font-weight']
  if (weight !== undefined) format.bold = weight === 'bold' || Number(weight) >= 600
  const style = a['fo:font-style']
  if (style !== undefined) format.italic = style === 'italic' || style === 'oblique'
  const through = a['style:text-line-through-style']
  if (through !== undefined) format.strike = through !== 'none'
  const position = a['style:text-position']
  if (position !== undefined) {
    const first = position.trim().split(/\s+/)[0] ?? ''
    const percent = Number.parseFloat(first)
    format.position = first === 'super' || percent > 0 ? 'sup' : first === 'sub' || percent < 0 ? 'sub' : 'none'
  }
  const font = a['style:font-name'] ?? a['fo:font-family']
  if (font !== undefined) format.code = monospace.test(font)
  return format
}

const headingName = /^(heading|berschrift|titre|titolo|encabezado|título)[ _]*(\d)$/i

/**
 * An OpenDocument file's styles — named ones (styles.xml) and automatic ones (styles.xml, then
 * content.xml, whose names win for the body): what makes a paragraph a heading or code, which
 * character formatting a span has, and whether a list level is numbered.
 */
export class OdfStyles {
  private readonly styles = new Map<string, StyleEntry>()
  /** List style → level (1-based) → numbered. */
  private readonly lists = new Map<string, Map<number, boolean>>()
  /** List style → the levels (1-based) that show no label: a number style without a format, a bullet without a character. */
  private readonly unlabelled = new Map<string, Set<number>>()
  private readonly formats = new Map<string, TextFormat>()

  /** Reads `office:styles` and `office:automatic-styles` of each root, later roots overriding earlier ones. */
  constructor(roots: Array<Element | undefined>) {
    for (const root of roots) {
      const document = root?.children.find(isElement)
      if (document === undefined) continue
      for (const section of ['office:styles', 'office:automatic-styles']) {
        for (const node of child(document, section)?.children ?? []) {
          if (!isElement(node)) continue
          if (node.name === 'style:style') this.addStyle(node)
          else if (node.name === 'text:list-style') this.addListStyle(node)
        }
      }
    }
  }

  private addStyle(node: Element): void {
    const name = node.attribs['style:name']
    if (name === undefined) return
    const level = Number.parseInt(node.attribs['style:default-outline-level'] ?? '', 10)
    this.styles.set(name, {
      name,
      parent: node.attribs['style:parent-style-name'],
      displayName: node.attribs['style:display-name'] ?? name.replace(/_20_/g, ' '),
      outlineLevel: Number.isFinite(level) && level > 0 ? level : undefined,
      listStyle: node.attribs['style:list-style-name'],
      format: textFormatOf(child(node, 'style:text-properties')),
    })
    for (const list of node.children) if (isElement(list) && list.name === 'text:list-style') this.addListStyle(list)
  }

  private addListStyle(node: Element): void {
    const name = node.attribs['style:name']
    if (name === undefined) return
    const levels = new Map<number, boolean>()
    const bare = new Set<number>()
    for (const level of node.children) {
      if (!isElement(level)) continue
      const n = Number.parseInt(level.attribs['text:level'] ?? '', 10)
      if (!Number.isFinite(n)) continue
      const format = level.attribs['style:num-format']
      levels.set(n, level.name === 'text:list-level-style-number' && format !== '' && format !== undefined)
      const label =
        level.name === 'text:list-level-style-number'
          ? `${level.attribs['style:num-prefix'] ?? ''}${format ?? ''}${level.attribs['style:num-suffix'] ?? ''}`
          : level.name === 'text:list-level-style-bullet'
            ? (level.attribs['text:bullet-char'] ?? '')
            : 'picture'
      if (label.trim() === '') bare.add(n)
    }
    this.lists.set(name, levels)
    this.unlabelled.set(name, bare)
  }

  /** The style and its ancestors, nearest first, at most 32 (a style that names itself ends there). */
  private *chain(name: string | undefined): Generator<StyleEntry> {
    const seen = new Set<string>()
    while (name !== undefined && !seen.has(name) && seen.size < 32) {
      seen.add(name)
      const style = this.styles.get(name)
      if (style === undefined) return
      yield style
      name = style.parent
    }
  }

  /** 1–6 for a paragraph style that makes a heading (an outline level, `Title`, `Heading N`); 0 otherwise. */
  headingLevel(name: string | undefined): number {
    for (const style of this.chain(name)) {
      if (style.outlineLevel !== undefined) return Math.min(6, style.outlineLevel)
      if (style.name === 'Title') return 1
      const match = headingName.exec(style.displayName)
      if (match !== null) return Math.min(6, Math.max(1, Number(match[2])))
    }
    return 0
  }

  /** Whether a paragraph style is for code (LibreOffice's Preformatted Text, Source Text, a style named for code). */
  isCode(name: string | undefined): boolean {
    for (const style of this.chain(name)) {
      if (/^(preformatted text|source text|code|html code)/i.test(style.displayName)) return true
    }
    return false
  }

  /** The list style a paragraph style carries (LibreOffice's numbered headings and list paragraph styles). */
  listStyleOf(name: string | undefined): string | undefined {
    for (const style of this.chain(name)) if (style.listStyle !== undefined) return style.listStyle
    return undefined
  }

  /** Whether `level` (1-based) of list style `name` is numbered; bullets when unknown. */
  isNumbered(name: string | undefined, level: number): boolean {
    if (name === undefined) return false
    const levels = this.lists.get(name)
    return levels?.get(level) ?? levels?.get(Math.min(10, level)) ?? false
  }

  /** Whether `level` (1-based) of list style `name` shows no label, so its items read as plain paragraphs. */
  isUnlabelled(name: string | undefined, level: number): boolean {
    return name !== undefined && (this.unlabelled.get(name)?.has(level) ?? false)
  }

  /** A text (or paragraph) style's character formatting, its ancestors' filled in. */
  format(name: string | undefined): TextFormat {
    if (name === undefined) return {}
    const known = this.formats.get(name)
    if (known !== undefined) return known
    const format: TextFormat = {}
    for (const style of this.chain(name)) {
      const own = style.format
      format.bold ??= own.bold
      format.italic ??= own.italic
      format.strike ??= own.strike
      format.position ??= own.position
      format.code ??= own.code
    }
    this.formats.set(name, format)
    return format
  }
}
