import { Parser, type Handler } from 'htmlparser2'
import { elementBound, type ConversionLimits } from '../../context/limits.js'
import { ConversionInputError } from '../../errors.js'
import { appendElement, documentRoot } from '../../tree/build.js'
import type { Document, Element, Node } from '../../tree/model.js'

/**
 * Deepest nesting converted. The writer recurses once per level, and htmlparser2's open-element
 * stack costs up to its depth for every tag it opens or closes: bounding the depth keeps the
 * parse linear in the document whatever its tags do.
 */
export const MAX_DEPTH = 400

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

const noChildren: Node[] = Object.freeze([]) as unknown as Node[]

/** Elements the pages of one document may have together (~512 bytes each): one budget for every chapter of a book. */
export class HtmlBudget {
  elements = 0
  readonly max: number
  constructor(limits: ConversionLimits) {
    this.max = elementBound(limits, 512)
  }
}

export interface HtmlParseOptions {
  /** XHTML (an EPUB's chapters): `<a id="x"/>` closes itself. @default false, as browsers read HTML */
  xhtml?: boolean
  /** Shared by every page of one document. @default a budget of its own */
  budget?: HtmlBudget
}

class CompactDomBuilder implements Partial<Handler> {
  readonly root: Document = documentRoot()
  private current: Element = this.root
  private depth = 0
  /** Open elements inside an unread one. */
  private unreadDepth = 0

  constructor(private readonly budget: HtmlBudget) {}

  onopentag(name: string, attributes: Record<string, string>): void {
    if (this.unreadDepth > 0 || unread.has(name)) {
      this.unreadDepth++
      return
    }
    if (++this.depth > MAX_DEPTH)
      throw new ConversionInputError(`the HTML is nested more than ${MAX_DEPTH} levels deep; it cannot be converted`)
    if (++this.budget.elements > this.budget.max) {
      throw new ConversionInputError(
        `the HTML has more than ${this.budget.max.toLocaleString('en')} elements, more than a conversion can hold in memory; it cannot be converted`,
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
 * elements nest deeper than {@link MAX_DEPTH} or outnumber what the conversion's memory holds ({@link elementBound}).
 */
export function parseHtml(html: string, limits: ConversionLimits, options: HtmlParseOptions = {}): Document {
  const builder = new CompactDomBuilder(options.budget ?? new HtmlBudget(limits))
  const parser = new Parser(builder, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
    recognizeSelfClosing: options.xhtml === true,
  })
  parser.end(html)
  return builder.root
}
