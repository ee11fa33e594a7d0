import { Parser, type Handler } from 'htmlparser2'
import { elementBound, type ConversionLimits } from '../../context/limits.js'
import { ConversionInputError } from '../../errors.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { appendElement, documentRoot } from '../../tree/build.js'

/**
 * A part of a zip-based office document (DOCX's document.xml, ODF's content.xml, an EPUB's OPF)
 * as a compact tree of the document tree's shape (tree/model.ts), though not its vocabulary:
 * element names as written (`w:p`, `text:h`), attributes, text. htmlparser2 in XML mode decodes
 * entities and keeps case; nothing else of the XML (comments, processing instructions) is kept.
 */

/**
 * Deepest nesting read. Word and LibreOffice nest a table in a cell in a table… a few levels; a
 * part nested deeper than this is not a document a person wrote, and every walk over it stays
 * within the stack because of this bound.
 */
export const MAX_XML_DEPTH = 256

/**
 * Most elements all parts of one document may have together: what the conversion's heap holds
 * beside the inflated XML itself, ~768 bytes an element (the XML tree with its text nodes, the
 * document tree built from it and the Markdown), about 400 000 at the default 256 MB — a 300-page
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

/** How one format's parts are parsed. */
export interface XmlDialect {
  /** `DOCX`, `ODT`: how messages name the file. */
  label: string
  /** Whether an element (by its canonical name) is kept; one that is not is skipped with everything inside it. @default every element */
  keep?: (name: string) => boolean
  /**
   * Namespace URI → the prefix the reader matches names by. A producer may bind any prefix (or
   * the default namespace) to these: names are rewritten while parsing, so `<x:p
   * xmlns:x="…wordprocessingml…">` reads as `w:p`. @default names as written
   */
  prefixes?: Record<string, string>
  /** Elements whose whitespace-only text is content; elsewhere it is layout between elements. @default none */
  textElements?: ReadonlySet<string>
}

/** Prefix → the prefix the reader uses for its namespace, for the element being read and its ancestors. */
type PrefixScope = ReadonlyMap<string, string>

function rename(name: string, scope: PrefixScope): string {
  const colon = name.indexOf(':')
  const prefix = colon === -1 ? '' : name.slice(0, colon)
  const canonical = scope.get(prefix)
  if (canonical === undefined || canonical === prefix) return name
  return `${canonical}:${name.slice(colon + 1)}`
}

const keepAll = () => true
const noTextElements: ReadonlySet<string> = new Set()

class XmlTreeBuilder implements Partial<Handler> {
  readonly root: Element = documentRoot()
  private current: Element = this.root
  private depth = 0
  private unreadDepth = 0
  private readonly scopes: PrefixScope[] = [new Map()]
  private readonly keep: (name: string) => boolean
  private readonly prefixes: Record<string, string>
  private readonly textElements: ReadonlySet<string>

  constructor(
    private readonly part: string,
    private readonly budget: XmlBudget,
    private readonly dialect: XmlDialect,
  ) {
    this.keep = dialect.keep ?? keepAll
    this.prefixes = dialect.prefixes ?? {}
    this.textElements = dialect.textElements ?? noTextElements
  }

  onopentag(written: string, attributes: Record<string, string>): void {
    if (this.unreadDepth > 0) {
      this.unreadDepth++
      return
    }
    let scope = this.scopes[this.scopes.length - 1] as PrefixScope
    for (const key in attributes) {
      if (key !== 'xmlns' && !key.startsWith('xmlns:')) continue
      const prefix = key === 'xmlns' ? '' : key.slice(6)
      const canonical = this.prefixes[attributes[key] as string]
      const next = new Map(scope)
      // A namespace the reader does not read by name (the relationships part's default one) keeps its names as written.
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
        `the ${this.dialect.label} file's ${this.part} is nested more than ${MAX_XML_DEPTH} levels deep; it cannot be converted`,
      )
    if (++this.budget.elements > this.budget.max) {
      throw new ConversionInputError(
        `the ${this.dialect.label} file has more than ${this.budget.max.toLocaleString('en')} XML elements, more than a conversion can hold in memory; it cannot be converted`,
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
    else if (data.trim() !== '' || this.textElements.has(this.current.name)) children.push(data)
  }
}

/** Parses one part of a document, refusing it past {@link MAX_XML_DEPTH} or its {@link XmlBudget}. */
export function parseXml(xml: string, part: string, budget: XmlBudget, dialect: XmlDialect): Element {
  const builder = new XmlTreeBuilder(part, budget, dialect)
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

/** The text of an XML subtree, without recursion. */
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
