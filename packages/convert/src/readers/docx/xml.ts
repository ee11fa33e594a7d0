// About 300 lines, a third of them two tables (the elements never read, the namespaces' prefixes):
// the data that keeps a Word part's tree small and its names stable, beside the parser that uses it.
import { Parser, type Handler } from 'htmlparser2'
import { elementBound, type ConversionLimits } from '../../context/limits.js'
import { ConversionInputError } from '../../errors.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { appendElement, documentRoot } from '../../tree/build.js'

/**
 * A part of a Word document (document.xml, styles.xml…) as a compact tree of the document tree's
 * shape (tree/model.ts), though not its vocabulary: element names as written (`w:p`, `m:oMath`), attributes, text. htmlparser2 in XML mode
 * decodes entities and keeps case; nothing else of the XML (comments, processing instructions)
 * is kept.
 */

/**
 * Deepest nesting read. Word nests a table in a cell in a table… a few levels; a part nested
 * deeper than this is not a document a person wrote, and every walk over it stays within the
 * stack because of this bound.
 */
export const MAX_XML_DEPTH = 256

/**
 * Elements never read: deleted text, the fallback copy of content Word also wrote in a newer form,
 * layout and typography the Markdown does not keep, tracked formatting changes, proofing marks.
 * They are not even kept while parsing — a real document is mostly these (every run repeats its
 * size, language and spacing), so skipping them keeps the tree, and the element bound, about the
 * text. (`w:rFonts`, `w:b`, `w:i`, `w:strike`, `w:vertAlign`, `w:vanish` are read.)
 */
const unread = new Set([
  'w:delText',
  'w:delInstrText',
  'mc:Fallback',
  'w:sectPr',
  'w:tblGrid',
  'w:rPrChange',
  'w:pPrChange',
  'w:tblPrChange',
  'w:tcPrChange',
  'w:trPrChange',
  'w:sectPrChange',
  'w:numberingChange',
  'w:sz',
  'w:szCs',
  'w:lang',
  'w:color',
  'w:kern',
  'w:noProof',
  'w:spacing',
  'w:ind',
  'w:jc',
  'w:tabs',
  'w:shd',
  'w:u',
  'w:highlight',
  'w:w',
  'w:position',
  'w:bCs',
  'w:iCs',
  'w:cs',
  'w:snapToGrid',
  'w:keepNext',
  'w:keepLines',
  'w:widowControl',
  'w:contextualSpacing',
  'w:proofErr',
  'w:bookmarkStart',
  'w:bookmarkEnd',
  'w:lastRenderedPageBreak',
  'w:permStart',
  'w:permEnd',
  'w:tcW',
  'w:tblW',
  'w:tcBorders',
  'w:tblBorders',
  'w:pBdr',
  'w:tblLook',
  'w:tblLayout',
  'w:tblInd',
  'w:tblCellMar',
  'w:tcMar',
  'w:trHeight',
  'w:vAlign',
  'w:adjustRightInd',
  'w:autoSpaceDE',
  'w:autoSpaceDN',
  'w:textAlignment',
  'w:suppressAutoHyphens',
  'w:webHidden',
  'w:effect',
  'w:eastAsianLayout',
  'a:xfrm',
  'a:prstGeom',
  'a:custGeom',
  'a:ln',
  'a:solidFill',
  'a:gradFill',
  'a:effectLst',
  'a:noFill',
  'wp:effectExtent',
  'wp:positionH',
  'wp:positionV',
  'wp:wrapPolygon',
])

/**
 * The prefixes this stage matches names by, per namespace (Transitional and Strict). A producer
 * may bind any prefix (or the default namespace) to these: names are rewritten to these
 * prefixes while parsing, so `<x:p xmlns:x="…wordprocessingml…">` reads as `w:p`.
 */
const canonicalPrefixes: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/math': 'm',
  'http://purl.oclc.org/ooxml/officeDocument/math': 'm',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing': 'wp',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing': 'wp',
  'http://schemas.openxmlformats.org/drawingml/2006/picture': 'pic',
  'http://purl.oclc.org/ooxml/drawingml/picture': 'pic',
  'http://schemas.openxmlformats.org/drawingml/2006/chart': 'c',
  'http://purl.oclc.org/ooxml/drawingml/chart': 'c',
  'http://schemas.openxmlformats.org/drawingml/2006/diagram': 'dgm',
  'http://purl.oclc.org/ooxml/drawingml/diagram': 'dgm',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
  'urn:schemas-microsoft-com:office:office': 'o',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'w14',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingShape': 'wps',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingGroup': 'wpg',
}

/** Prefix → the prefix this stage uses for its namespace, for the element being read and its ancestors. */
type PrefixScope = ReadonlyMap<string, string>

function rename(name: string, scope: PrefixScope): string {
  const colon = name.indexOf(':')
  const prefix = colon === -1 ? '' : name.slice(0, colon)
  const canonical = scope.get(prefix)
  if (canonical === undefined || canonical === prefix) return name
  return `${canonical}:${name.slice(colon + 1)}`
}

/**
 * Most elements all parts of one document may have together: what the conversion's heap holds
 * beside the inflated XML itself, ~768 bytes an element (the XML tree with its text nodes, the
 * HTML tree built from it and the Markdown), about 400 000 at the default 256 MB — a 300-page
 * report has a few hundred thousand. Past it the document is refused with a message instead of
 * exhausting the heap (at the HTML reader's ~512 bytes, a document of a million runs ran out of
 * heap before reaching the bound).
 */
const BYTES_PER_ELEMENT = 768

/** Counts elements across every part of one document, so the bound is per document. */
export class XmlBudget {
  elements = 0
  /** Most elements the document's parts may have together. */
  readonly max: number

  constructor(limits: ConversionLimits) {
    this.max = elementBound(limits, BYTES_PER_ELEMENT)
  }
}

class XmlTreeBuilder implements Partial<Handler> {
  readonly root: Element = documentRoot()
  private current: Element = this.root
  private depth = 0
  private unreadDepth = 0
  private readonly scopes: PrefixScope[] = [new Map()]

  constructor(
    private readonly part: string,
    private readonly budget: XmlBudget,
    private readonly keep: (name: string) => boolean,
  ) {}

  onopentag(written: string, attributes: Record<string, string>): void {
    if (this.unreadDepth > 0) {
      this.unreadDepth++
      return
    }
    let scope = this.scopes[this.scopes.length - 1] as PrefixScope
    for (const key in attributes) {
      if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue
      const prefix = key === 'xmlns' ? '' : key.slice(6)
      const canonical = canonicalPrefixes[attributes[key] as string]
      const next = new Map(scope)
      // A namespace this stage does not read by name (the relationships part's default one) keeps its names as written.
      if (canonical === undefined) next.delete(prefix)
      else next.set(prefix, canonical)
      scope = next
    }
    const name = rename(written, scope)
    if (!this.keep(name)) {
      this.unreadDepth++
      return
    }
    let renamed: Record<string, string> | undefined
    for (const key in attributes) {
      if (!key.includes(':') || key.startsWith('xmlns')) continue
      const canonical = rename(key, scope)
      if (canonical === key) continue
      renamed ??= { ...attributes }
      delete renamed[key]
      renamed[canonical] = attributes[key] as string
    }
    if (renamed !== undefined) attributes = renamed
    this.scopes.push(scope)
    if (++this.depth > MAX_XML_DEPTH)
      throw new ConversionInputError(
        `the DOCX file's ${this.part} is nested more than ${MAX_XML_DEPTH} levels deep; it cannot be converted`,
      )
    if (++this.budget.elements > this.budget.max) {
      throw new ConversionInputError(
        `the DOCX file has more than ${this.budget.max.toLocaleString('en')} XML elements, more than a conversion can hold in memory; it cannot be converted`,
      )
    }
    this.current = appendElement(this.current, name, attributes)
  }

  onclosetag(): void {
    if (this.unreadDepth > 0) {
      this.unreadDepth--
      return
    }
    if (this.current.parent === null) return
    this.current = this.current.parent
    this.scopes.pop()
    this.depth--
  }

  ontext(data: string): void {
    if (this.unreadDepth > 0) return
    const children = this.current.children
    const last = children.length - 1
    if (last >= 0 && typeof children[last] === 'string') children[last] += data
    // Only text inside text elements is content; whitespace between elements is layout.
    else if (data.trim() !== '' || textElements.has(this.current.name)) children.push(data)
  }
}

const textElements = new Set(['w:t', 'm:t', 'a:t', 'w:instrText'])

/** Parses one part of the document, refusing it past {@link MAX_XML_DEPTH} or its {@link XmlBudget}. */
export function parseXmlPart(xml: string, part: string, budget: XmlBudget): Element {
  const builder = new XmlTreeBuilder(part, budget, (name) => !unread.has(name))
  const parser = new Parser(builder, { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true })
  parser.end(xml)
  return builder.root
}

/** The first child element named `name`. */
export function child(element: Element | undefined, name: string): Element | undefined {
  if (element === undefined) return undefined
  for (const node of element.children) if (isElement(node) && node.name === name) return node
  return undefined
}

/** Every child element named `name`. */
export function childrenNamed(element: Element | undefined, name: string): Element[] {
  if (element === undefined) return []
  const out: Element[] = []
  for (const node of element.children) if (isElement(node) && node.name === name) out.push(node)
  return out
}

/** The first element named `name` anywhere under `element` (document order), without recursion. */
export function descendant(element: Element, name: string): Element | undefined {
  const stack: Node[] = [...element.children].reverse()
  while (stack.length > 0) {
    const node = stack.pop() as Node
    if (!isElement(node)) continue
    if (node.name === name) return node
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Node)
  }
  return undefined
}

/** `w:val` of a child property (`<w:pStyle w:val="Heading1"/>`). */
export const valueOf = (element: Element | undefined, name: string): string | undefined =>
  child(element, name)?.attribs['w:val']

/**
 * An on/off property (`<w:b/>`, `<w:b w:val="false"/>`): `undefined` when absent, so styles can
 * be layered.
 */
export function toggle(properties: Element | undefined, name: string): boolean | undefined {
  const element = child(properties, name)
  if (element === undefined) return undefined
  const value = element.attribs['w:val']
  return value === undefined || !/^(0|false|off|none)$/i.test(value)
}

/** The text of an XML subtree's `w:t` / `a:t` / `m:t` elements. */
export function xmlText(element: Element): string {
  let text = ''
  const stack: Node[] = [element]
  while (stack.length > 0) {
    const node = stack.pop() as Node
    if (typeof node === 'string') {
      text += node
      continue
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Node)
  }
  return text
}
