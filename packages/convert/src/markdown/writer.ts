// One class of ~380 lines: writing blocks and writing text-level content recurse into each
// other through one state (the emphasis open around the text, the elements that hold blocks,
// the footnotes). What stands alone is a module of its own: lists.ts, tables.ts, raw-html.ts,
// footnotes.ts, pictures.ts, math.ts, svg.ts, links.ts, escape.ts.
import type { ConversionContext } from '../context/context.js'
import { plural } from '../context/report.js'
import { blockElements, embeddedElements, embeddedMessages, headingLevel, ignoredElements } from './elements.js'
import { Footnotes, isBacklink } from './footnotes.js'
import { pictureSource } from './pictures.js'
import { equationOf, isDisplayEquation, type Equation } from './math.js'
import { isSafeLink, linkTarget, reportUnsafeLink } from './links.js'
import { writeDescriptionList, writeList } from './lists.js'
import { rawHtml } from './raw-html.js'
import { svgFile } from './svg.js'
import { tableToMarkdown } from './tables.js'
import type { BlockWriter, InlineMode } from './writing.js'
import { codeBlock, codeSpan, collapseWhitespace, destination, escapeLineStart, escapeText, title } from './escape.js'
import { MARKDOWN, PAGE, type Document, type Element, type Node } from '../tree/model.js'
import { childElements, classesOf, hasClass, isElement, isText, textOf } from '../tree/query.js'
import { appendAll } from '../arrays.js'

/** The separator a block boundary inside text-level content becomes: never nothing, so words never glue. */
const boundary: Record<InlineMode, string> = { paragraph: ' ', cell: '<br>', flat: ' ' }

/**
 * Writes a parsed page as GitHub-flavoured Markdown. One pass over the tree: every element is
 * written once (tables look at their own cells once more to choose their form), so the time is
 * linear in the page, and the recursion is as deep as the page, which parsing bounds.
 */
export class MarkdownWriter implements BlockWriter {
  readonly footnotes: Footnotes
  /** Emphasis markers open around the text being written: `<b><strong>x</strong></b>` is bold once. */
  private readonly openMarks = new Map<string, number>()
  /** Elements holding a block somewhere inside: text-level elements that do are written as blocks. */
  private readonly holdsBlock = new Set<Element>()

  constructor(
    document: Document,
    readonly context: ConversionContext,
  ) {
    this.footnotes = new Footnotes(document)
    this.markBlockHolders(document)
  }

  /** Post-order, without recursion: an element holds a block when a child is or holds one. */
  private markBlockHolders(document: Document): void {
    const order: Element[] = []
    const stack = childElements(document)
    while (stack.length > 0) {
      const element = stack.pop() as Element
      order.push(element)
      for (const child of element.children) if (isElement(child)) stack.push(child)
    }
    for (let i = order.length - 1; i >= 0; i--) {
      const element = order[i] as Element
      const parent = element.parent
      if (isElement(parent) && (this.isBlock(element) || this.holdsBlock.has(element))) this.holdsBlock.add(parent)
    }
  }

  isBlock(element: Element): boolean {
    return blockElements.has(element.name) || isDisplayEquation(element)
  }

  /** Whether an element is written as blocks (a block, or text-level markup around one). */
  private writesBlocks(element: Element): boolean {
    return this.isBlock(element) || this.holdsBlock.has(element)
  }

  /** The Markdown of a whole page. */
  document(root: Element): string {
    const body = this.blocks(root).join('\n\n')
    return `${body}${this.noteDefinitions()}`
  }

  /** An element's children as Markdown blocks, text between blocks gathered into paragraphs. */
  blocks(parent: Element): string[] {
    const out: string[] = []
    let text = ''
    let previousList: 'bullet' | 'ordered' | undefined
    const flush = () => {
      const paragraph = this.paragraph(text)
      text = ''
      if (paragraph !== '') {
        out.push(paragraph)
        previousList = undefined
      }
    }
    for (const child of parent.children) {
      if (isText(child)) text += escapeText(collapseWhitespace(child))
      else if (isElement(child)) {
        if (this.skipped(child)) continue
        if (!this.writesBlocks(child)) {
          text += this.inline(child, 'paragraph')
          continue
        }
        flush()
        const list =
          child.name === 'ol'
            ? 'ordered'
            : child.name === 'ul' || child.name === 'menu' || child.name === 'dir' || child.name === 'dl'
              ? 'bullet'
              : undefined
        // Two lists of one kind in a row would read as one: the second takes the other marker.
        const written = this.block(child, list !== undefined && list === previousList)
        appendAll(out, written)
        if (written.length > 0) previousList = list
      }
    }
    flush()
    return out
  }

  /** Text-level Markdown made a paragraph: spaces collapsed, each line safe from reading as a block. */
  private paragraph(text: string): string {
    const lines = text
      .replace(/ {2,}/g, ' ')
      .split('\n')
      .map((line) => line.trim())
    while (lines.length > 0 && (lines.at(-1) === '' || lines.at(-1) === '\\')) lines.pop()
    const joined = lines.map(escapeLineStart).join('\n').trim()
    // A paragraph of hard breaks only, or one whose last line ended in a break.
    return joined.replace(/\\$/, '').trim()
  }

  /** Elements left out of the Markdown; embedded content is counted as not kept. */
  skipped(element: Element): boolean {
    if (ignoredElements.has(element.name)) return true
    const code = embeddedElements[element.name]
    if (code !== undefined) {
      this.context.report.notKept(code, embeddedMessages[code] as (n: number) => string)
      return true
    }
    return this.footnotes.isContainer(element) || isBacklink(element)
  }

  /** One block element (or text-level markup around blocks) as Markdown blocks. */
  private block(element: Element, alternate: boolean): string[] {
    const level = headingLevel(element.name)
    if (level > 0) {
      const text = this.inlineChildren(element, 'flat').trim()
      if (text === '') return []
      this.context.report.found('headings')
      return [`${'#'.repeat(level)} ${text}`]
    }
    switch (element.name) {
      case 'ul':
      case 'menu':
      case 'dir':
        return writeList(this, element, false, alternate)
      case 'ol':
        return writeList(this, element, true, alternate)
      case 'li':
        return writeList(this, element, false, alternate, [element])
      case 'dl':
        return writeDescriptionList(this, element, alternate)
      case 'blockquote': {
        const inner = this.blocks(element).join('\n\n')
        return inner === '' ? [] : [inner.replace(/^/gm, '> ').replace(/^> $/gm, '>')]
      }
      case 'pre':
      case 'listing':
      case 'xmp':
      case 'plaintext':
        return this.codeBlock(element)
      case 'hr':
        return ['---']
      case MARKDOWN: {
        const markdown = textOf(element).trim()
        return markdown === '' ? [] : [markdown]
      }
      case PAGE:
        return [`<!-- page ${element.attribs.number ?? ''} -->`]
      case 'table':
        return tableToMarkdown(element, this)
      case 'a':
        return this.blockLink(element)
      default: {
        const equation = this.equation(element)
        if (equation !== undefined) return equation === '' ? [] : [equation]
        return this.blocks(element)
      }
    }
  }

  /** A link around blocks (a card, a teaser): each heading and paragraph in it links to its target. */
  private blockLink(link: Element): string[] {
    const blocks = this.blocks(link)
    const href = link.attribs.href
    if (href === undefined || href.trim() === '' || this.footnotes.noteOf(link) !== undefined) return blocks
    if (!isSafeLink(href)) {
      reportUnsafeLink(this.context.report)
      return blocks
    }
    return blocks.map((block) => {
      const heading = /^(#{1,6} )([\s\S]*)$/.exec(block)
      if (heading) return `${heading[1]}${this.linked(heading[2] as string, link)}`
      // Lists, tables, quotes, code and raw HTML keep their own form.
      return /^([-*>|<`$]|\d+[.)] )/.test(block) ? block : this.linked(block, link)
    })
  }

  /** `[text](href "title")`, counted. */
  private linked(text: string, link: Element): string {
    if (/\]\(/.test(text) && !text.startsWith('![')) return text
    this.context.report.found('links')
    return `[${text}](${destination(linkTarget(link.attribs.href as string))}${title(link.attribs.title)})`
  }

  private codeBlock(pre: Element): string[] {
    const code = textOf(pre).replace(/^\n/, '')
    if (code.trim() === '') return []
    this.context.report.found('codeBlocks')
    return [codeBlock(code, languageOf(pre))]
  }

  /** The Markdown of an equation element (`$…$`, or `$$…$$` on its own lines), `undefined` if it is none. */
  equation(element: Element): string | undefined {
    let equation: Equation | undefined
    try {
      equation = equationOf(element)
    } catch {
      this.context.report.notKept(
        'equation-not-converted',
        (n) => `${plural(n, 'equation')} could not be translated to LaTeX and ${n === 1 ? 'is' : 'are'} kept as text`,
      )
      return escapeText(collapseWhitespace(textOf(element))).trim()
    }
    if (equation === undefined) return undefined
    if (equation.latex === '') return ''
    this.context.report.found('equations')
    return equation.display ? `$$\n${equation.latex}\n$$` : `$${equation.latex}$`
  }

  /** The children of an element as text-level Markdown. */
  inlineChildren(element: Element, mode: InlineMode): string {
    let text = ''
    for (const child of element.children) text += this.inlineNode(child, mode)
    return text
  }

  private inlineNode(node: Node, mode: InlineMode): string {
    if (isText(node)) return escapeText(collapseWhitespace(node))
    if (isElement(node)) return this.skipped(node) ? '' : this.inline(node, mode)
    return ''
  }

  /** One element as text-level Markdown. */
  inline(element: Element, mode: InlineMode): string {
    switch (element.name) {
      case 'br':
        return mode === 'paragraph' ? '\\\n' : boundary[mode]
      case 'strong':
      case 'b':
        return this.marked('**', element, mode)
      case 'em':
      case 'i':
      case 'cite':
      case 'dfn':
      case 'var':
        return this.marked('*', element, mode)
      case 's':
      case 'del':
      case 'strike':
        return this.marked('~~', element, mode)
      case 'code':
      case 'kbd':
      case 'samp':
      case 'tt':
        return codeSpan(textOf(element))
      case 'sub':
      case 'sup': {
        const inner = this.inlineChildren(element, mode).trim()
        // A note reference needs no superscript: `[^1]` is shown as one.
        if (inner === '' || /^\[\^\d+\]$/.test(inner)) return inner
        return `<${element.name}>${inner}</${element.name}>`
      }
      case 'a':
        return this.link(element, mode)
      case 'img':
        return this.image(element)
      case 'svg':
        return this.svg(element)
      case 'q':
        return `“${this.inlineChildren(element, mode)}”`
    }
    const equation = this.equation(element)
    if (equation !== undefined)
      return mode === 'paragraph' || !equation.startsWith('$$') ? equation : equation.replace(/\n/g, ' ')
    if (this.isBlock(element) || this.holdsBlock.has(element)) {
      if (element.name === 'table') return boundary[mode] + rawHtml(element, this) + boundary[mode]
      return boundary[mode] + this.inlineChildren(element, mode) + boundary[mode]
    }
    return this.inlineChildren(element, mode)
  }

  /** Content in emphasis markers, unless the same emphasis is already open around it. */
  private marked(marker: string, element: Element, mode: InlineMode): string {
    const open = this.openMarks.get(marker) ?? 0
    this.openMarks.set(marker, open + 1)
    const content = this.inlineChildren(element, mode)
    this.openMarks.set(marker, open)
    return open > 0 ? content : wrap(marker, content)
  }

  private link(element: Element, mode: InlineMode): string {
    const note = this.footnotes.noteOf(element)
    if (note !== undefined) {
      this.context.report.found('footnotes')
      return `[^${this.footnotes.numberOf(note)}]`
    }
    const content = this.inlineChildren(element, mode === 'paragraph' ? 'flat' : mode).trim()
    const href = element.attribs.href
    if (href === undefined || href.trim() === '' || content === '') return content
    if (!isSafeLink(href)) {
      reportUnsafeLink(this.context.report)
      return content
    }
    return this.linked(content, element)
  }

  private image(element: Element): string {
    const alt = escapeText(collapseWhitespace(element.attribs.alt ?? '')).trim()
    const source = pictureSource(element.attribs.src ?? '', this.context)
    if (source === undefined) return alt
    this.context.report.found('images')
    if (source.linkOnly) return `[${alt || 'picture'}](${destination(source.url)})`
    return `![${alt}](${destination(source.url)}${title(element.attribs.title)})`
  }

  /** An inline SVG drawing is a picture: kept as an SVG file of the conversion. */
  private svg(element: Element): string {
    const { markup, description } = svgFile(element)
    const alt = escapeText(collapseWhitespace(description)).trim()
    const asset = this.context.assets.add(Buffer.from(markup), 'image/svg+xml')
    if (asset === undefined) {
      this.context.report.notKept(
        'image-over-limit',
        (n) => `${plural(n, 'picture')} left out: the conversion already holds as many pictures as it may`,
      )
      return alt
    }
    this.context.report.found('images')
    return `![${alt}](${this.context.assets.url(asset.name)})`
  }

  /** `[^1]: text` for every note, referenced ones first, in number order. */
  private noteDefinitions(): string {
    for (const note of this.footnotes.unreferenced()) {
      this.footnotes.numberOf(note)
      this.context.report.found('footnotes')
    }
    const definitions = this.footnotes.numbered.map(([note, number]) => {
      const text = this.blocks(note).join('\n\n')
      return `[^${number}]: ${text.replace(/\n/g, '\n    ').replace(/\n {4}$/gm, '\n')}`
    })
    return definitions.length === 0 ? '' : `\n\n${definitions.join('\n\n')}`
  }
}

/** `**text**` with the spaces around the text moved outside the markers (`** x**` is no emphasis). */
function wrap(marker: string, text: string): string {
  const core = text.trim()
  if (core === '' || core === '\\') return text.includes(' ') ? ' ' : ''
  const lead = /^\s/.test(text) ? ' ' : ''
  const trail = /\s$/.test(text) ? ' ' : ''
  return `${lead}${marker}${core}${marker}${trail}`
}

/** `language-x` / `lang-x` on the code or the pre, or pandoc's `sourceCode x`. */
function languageOf(pre: Element): string {
  const code = childElements(pre).find((child) => child.name === 'code')
  for (const element of [code, pre]) {
    if (element === undefined) continue
    const classes = classesOf(element)
    const named = classes.find((name) => /^(language|lang)-/.test(name))
    if (named !== undefined) return named.replace(/^(language|lang)-/, '').replace(/[^\w+#.-]/g, '')
    if (hasClass(element, 'sourcecode')) {
      const other = classes.find((name) => name !== 'sourcecode' && /^[\w+#.-]+$/.test(name))
      if (other !== undefined) return other
    }
  }
  return ''
}
