import { getHeapStatistics } from 'node:v8'
import { Parser, type Handler } from 'htmlparser2'
import { ConversionInputError } from '../input-error.js'

/**
 * The page as the HTML stage holds it: elements as plain objects of four fields, text as plain
 * strings among their children — nothing else (no comments, no positions, no sibling links).
 * About a third of a general-purpose DOM's memory (domhandler's), which is what lets a 10 MiB
 * page convert within a conversion's default heap.
 */
export interface Element {
  /** Lower-cased tag name; `#document` for the root. */
  name: string
  attribs: Record<string, string>
  children: Node[]
  parent: Element | null
}

export type Node = Element | string
export type Document = Element

/**
 * Deepest nesting converted. The writer recurses once per level, and htmlparser2's open-element
 * stack costs up to its depth for every tag it opens or closes: bounding the depth keeps the
 * parse linear in the document whatever its tags do.
 */
export const MAX_DEPTH = 400

/**
 * Most elements a page may have: what the conversion's memory holds at ~512 bytes an element (the
 * tree, what writing it needs, and room for the rest), so a page of millions of tiny elements is
 * refused at once instead of exhausting the heap slowly (about 600 000 at the default 256 MB).
 */
export const maxElements = () => Math.floor(memoryForTrees() / 512)

/**
 * What a conversion's trees may take: the heap's limit or, when the pool bounds the process' real
 * memory (it says so in DRAFTSMITH_CONVERSION_MAX_RSS_MB), what that budget leaves beside what the
 * process held when it started — whichever is less, so a document too large for either is
 * refused with its own message before the pool has to kill the process. (Not beside what it holds
 * now: a process keeps the pages of earlier conversions, and the next one would pay for them.)
 */
function memoryForTrees(): number {
  const heap = getHeapStatistics().heap_size_limit
  const budgetMb = Number(process.env.DRAFTSMITH_CONVERSION_MAX_RSS_MB)
  if (!(budgetMb > 0)) return heap
  return Math.max(0, Math.min(heap, budgetMb * 1024 * 1024 - rssAtStart))
}
const rssAtStart = process.memoryUsage.rss()

/** Never the document's text, and possibly large (inline scripts): not even kept while parsing. */
const unread = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'select', 'datalist'])
/** Elements whose whitespace-only text is layout. */
const layout = new Set([
  '#document',
  'html',
  'head',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'colgroup',
  'ul',
  'ol',
  'dl',
  'menu',
])

/** One frozen object for every element without attributes (most of a document's): memory, not copies. */
export const noAttributes: Record<string, string> = Object.freeze({}) as Record<string, string>

/** Appends a new element to `parent` and returns it; attribute-less ones share {@link noAttributes}. */
export function appendElement(parent: Element, name: string, attributes: Record<string, string>): Element {
  let attribs = noAttributes
  for (const _ in attributes) {
    attribs = attributes
    break
  }
  const element: Element = { name, attribs, children: [], parent }
  parent.children.push(element)
  return element
}
const noChildren: Node[] = Object.freeze([]) as unknown as Node[]

class CompactDomBuilder implements Partial<Handler> {
  readonly root: Document = { name: '#document', attribs: noAttributes, children: [], parent: null }
  private current: Element = this.root
  private depth = 0
  private elements = 0
  private readonly maxElements = maxElements()
  /** Open elements inside an unread one. */
  private unreadDepth = 0

  onopentag(name: string, attributes: Record<string, string>): void {
    if (this.unreadDepth > 0 || unread.has(name)) {
      this.unreadDepth++
      return
    }
    if (++this.depth > MAX_DEPTH)
      throw new ConversionInputError(`the HTML is nested more than ${MAX_DEPTH} levels deep; it cannot be converted`)
    if (++this.elements > this.maxElements) {
      throw new ConversionInputError(
        `the HTML has more than ${this.maxElements.toLocaleString('en')} elements, more than a conversion can hold in memory; it cannot be converted`,
      )
    }
    this.current = appendElement(this.current, name, attributes)
  }

  onclosetag(): void {
    if (this.unreadDepth > 0) {
      this.unreadDepth--
      return
    }
    const element = this.current
    if (element.parent === null) return
    // An array grown by pushes keeps spare room: an exact copy does not.
    element.children = element.children.length === 0 ? noChildren : element.children.slice()
    this.current = element.parent
    this.depth--
  }

  ontext(data: string): void {
    if (this.unreadDepth > 0) return
    const children = this.current.children
    const last = children.length - 1
    if (last >= 0 && typeof children[last] === 'string') children[last] += data
    else if (!layout.has(this.current.name) || data.trim() !== '') children.push(data)
  }
}

/**
 * Parses the page the forgiving way browsers do (htmlparser2: unclosed paragraphs, list items
 * and cells end where the next one starts, entities are decoded), refusing it the moment its
 * elements nest deeper than {@link MAX_DEPTH} or outnumber {@link maxElements}.
 */
export function parseHtml(html: string): Document {
  const builder = new CompactDomBuilder()
  const parser = new Parser(builder, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
    recognizeSelfClosing: false,
  })
  parser.end(html)
  return builder.root
}

export const isElement = (node: Node | null | undefined): node is Element => typeof node === 'object' && node !== null
export const isText = (node: Node | null | undefined): node is string => typeof node === 'string'

/** Lower-cased class names of an element. */
export function classesOf(element: Element): string[] {
  return (element.attribs.class ?? '').toLowerCase().split(/\s+/).filter(Boolean)
}

export const hasClass = (element: Element, name: string) => classesOf(element).includes(name)

/** The text of a subtree as written (for code and math; `<br>` is a line break), without recursion: its depth is bounded but its size is not. */
export function textOf(node: Node): string {
  if (isText(node)) return node
  let text = ''
  const stack: Node[] = [node]
  while (stack.length > 0) {
    const current = stack.pop() as Node
    if (isText(current)) text += current
    else if (current.name === 'br') text += '\n'
    else for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as Node)
  }
  return text
}

/** Element children only. */
export const childElements = (element: Element): Element[] => element.children.filter(isElement)

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * An element as XML (an inline `<svg>` as a file of its own, MathML for its translator); `rename`
 * gives element and attribute names back the case HTML parsing took from them.
 */
export function toXml(element: Element, rename: (name: string) => string = (name) => name): string {
  const name = rename(element.name)
  let attributes = ''
  for (const [attribute, value] of Object.entries(element.attribs))
    attributes += ` ${rename(attribute)}="${escapeXml(value).replace(/"/g, '&quot;')}"`
  if (element.children.length === 0) return `<${name}${attributes}/>`
  let content = ''
  for (const child of element.children) content += isText(child) ? escapeXml(child) : toXml(child, rename)
  return `<${name}${attributes}>${content}</${name}>`
}
