// About 470 lines: the walk over an OpenDocument text body is one recursive concern — blocks,
// the runs inside a paragraph, lists, tables, frames and notes each call the others.
import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { appendNode, element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import type { PackagePictures } from '../shared/package-pictures.js'
import { child, xmlText } from '../shared/xml-tree.js'
import type { OdfStyles, TextFormat } from './styles.js'
import { appendAll } from '../../arrays.js'

/** A note referenced from the text, read into the notes section after the body. */
export interface OdfNote {
  id: string
  body: Element | undefined
}

/** What an embedded object (`draw:object`) holds that the text can keep: a formula's MathML, a chart's `chart:chart`. */
export interface EmbeddedObject {
  math?: Element
  chart?: Element
}

/** Picture types a browser shows, among a frame's alternatives (LibreOffice keeps a PDF or SVG beside a PNG). */
const shown = /\.(png|jpe?g|gif|webp|svg|avif|bmp)$/i

/** Formatting flags of a run, as one number so runs group cheaply. */
const BOLD = 1
const ITALIC = 2
const STRIKE = 4
const SUP = 8
const SUB = 16
const CODE = 32

function flagsOf(format: TextFormat, outer: number): number {
  let flags = outer
  const set = (bit: number, on: boolean | undefined) => {
    if (on === true) flags |= bit
    else if (on === false) flags &= ~bit
  }
  set(BOLD, format.bold)
  set(ITALIC, format.italic)
  set(STRIKE, format.strike)
  if (format.position !== undefined) {
    flags &= ~(SUP | SUB)
    if (format.position === 'sup') flags |= SUP
    if (format.position === 'sub') flags |= SUB
  }
  set(CODE, format.code)
  return flags
}

/** Innermost first: `**~~text~~**` rather than the other way round matters little, a stable order matters. */
const wrappers: Array<[number, string]> = [
  [CODE, 'code'],
  [SUP, 'sup'],
  [SUB, 'sub'],
  [STRIKE, 'del'],
  [ITALIC, 'em'],
  [BOLD, 'strong'],
]

/** A code paragraph's text as written: its spaces, tabs and line breaks kept. */
function codeText(node: Element): string {
  let text = ''
  for (const part of node.children) {
    if (typeof part === 'string') text += part
    else if (part.name === 'text:s')
      text += ' '.repeat(Math.min(256, Math.max(1, Number.parseInt(part.attribs['text:c'] ?? '1', 10) || 1)))
    else if (part.name === 'text:tab') text += '\t'
    else if (part.name === 'text:line-break') text += '\n'
    else text += codeText(part)
  }
  return text
}

interface Run {
  node: Node
  flags: number
}

/** Text and inline elements, each with its formatting, in order: grouped into wrappers once a paragraph ends. */
function group(runs: Run[]): Node[] {
  const out: Node[] = []
  let i = 0
  while (i < runs.length) {
    const flags = (runs[i] as Run).flags
    const children: Node[] = []
    while (i < runs.length && (runs[i] as Run).flags === flags) children.push((runs[i++] as Run).node)
    let wrapped: Node[] = children
    for (const [bit, name] of wrappers) if ((flags & bit) !== 0) wrapped = [element(name, {}, wrapped)]
    appendAll(out, wrapped)
  }
  return out
}

/**
 * Walks `office:text` into the document tree: `text:h` and heading styles, paragraphs and their
 * spans, lists with their levels (numbered or not by their list style), tables with merged cells,
 * frames (pictures as assets, text boxes read in place, formulas as MathML), footnotes and
 * endnotes (collected into {@link notes}), links; comments and tracked changes counted.
 */
export class OdtBodyReader {
  readonly notes: OdfNote[] = []
  private readonly report: ConversionContext['report']

  constructor(
    private readonly styles: OdfStyles,
    private readonly pictures: PackagePictures,
    context: ConversionContext,
    private readonly embedded: (href: string) => EmbeddedObject | undefined,
  ) {
    this.report = context.report
  }

  /** Block content of `container` (the body, a cell, a list item, a note, a text box) appended to `out`. */
  blocks(container: Element, out: Element, listStyle?: string, listLevel = 0): void {
    let code: Element | undefined
    for (const node of container.children) {
      if (!isElement(node)) continue
      const isCode = node.name === 'text:p' && this.styles.isCode(node.attribs['text:style-name'])
      if (!isCode) code = undefined
      switch (node.name) {
        case 'text:h':
        case 'text:p': {
          if (isCode) {
            if (code === undefined) {
              code = element('code')
              appendNode(out, element('pre', {}, [code]))
            } else appendNode(code, '\n')
            appendNode(code, codeText(node))
            break
          }
          this.paragraph(node, out)
          break
        }
        case 'text:list':
          this.list(node, out, node.attribs['text:style-name'] ?? listStyle, listLevel + 1)
          break
        case 'table:table':
          this.table(node, out)
          break
        case 'text:section':
        case 'text:index-body':
        case 'text:index-title':
        case 'office:text':
        case 'draw:text-box':
          this.blocks(node, out, listStyle, listLevel)
          break
        case 'text:table-of-content':
        case 'text:alphabetical-index':
        case 'text:illustration-index':
        case 'text:table-index':
        case 'text:bibliography':
        case 'text:user-index':
          this.blocks(child(node, 'text:index-body') ?? node, out, listStyle, listLevel)
          break
        case 'draw:frame':
        case 'draw:a':
        case 'draw:g':
        case 'draw:custom-shape':
        case 'draw:rect':
          this.drawing(node, out)
          break
        case 'office:annotation':
          this.comment()
          break
        default:
          break
      }
    }
  }

  /**
   * A drawing standing as a block (anchored to the page, or a slide's shape): a frame's picture or
   * formula as a paragraph, then what the frame holds (a text box, a table, a chart); a shape's
   * own paragraphs (`draw:custom-shape`, `draw:rect`…); a group's or a link's members in order.
   */
  drawing(node: Element, out: Element): void {
    if (node.name !== 'draw:frame' && node.name !== 'draw:g' && node.name !== 'draw:a') {
      this.blocks(node, out)
      return
    }
    const state = { runs: [] as Run[], after: [] as Element[] }
    if (node.name === 'draw:frame') this.frame(node, state)
    else this.inline(node, state, 0)
    const holder = element('p')
    for (const run of group(state.runs)) appendNode(holder, run)
    this.flushInto(holder, out, state.after)
  }

  private comment(): void {
    this.report.found('comments')
    this.report.notKept('comment-dropped', (n) => `${plural(n, 'comment')} left out`)
  }

  private paragraph(node: Element, out: Element): void {
    const styleName = node.attribs['text:style-name']
    const outline = Number.parseInt(node.attribs['text:outline-level'] ?? '', 10)
    const level =
      node.name === 'text:h'
        ? Math.min(6, Math.max(1, Number.isFinite(outline) ? outline : 1))
        : this.styles.headingLevel(styleName)
    const after: Element[] = []
    const state = { runs: [] as Run[], after }
    // A heading's own bold is the heading's, not emphasis to keep.
    this.inline(node, state, level > 0 ? 0 : flagsOf(this.styles.format(styleName), 0) & ~BOLD)
    const target = element(level > 0 ? `h${level}` : 'p')
    if (level === 0) this.report.found('paragraphs')
    // Line breaks at a paragraph's edges are spacing, not content.
    const runs = state.runs
    while (runs.length > 0 && isElement(runs[0]?.node) && (runs[0]?.node as Element).name === 'br') runs.shift()
    while (
      runs.length > 0 &&
      isElement(runs[runs.length - 1]?.node) &&
      (runs[runs.length - 1]?.node as Element).name === 'br'
    )
      runs.pop()
    for (const child of group(runs)) appendNode(target, child)
    this.flushInto(target, out, after)
  }

  /** Appends `target` when it says something, then the blocks its frames held (text boxes, captions). */
  private flushInto(target: Element, out: Element, after: Element[]): void {
    if (target.children.some((c) => (isElement(c) ? true : c.trim() !== ''))) appendNode(out, target)
    for (const block of after) for (const node of block.children) appendNode(out, node)
  }

  /** The runs of a paragraph or span, whitespace collapsed as ODF says (text:s and text:tab are the kept spaces). */
  private inline(node: Element, state: { runs: Run[]; after: Element[] }, flags: number): void {
    for (const part of node.children) {
      if (typeof part === 'string') {
        state.runs.push({ node: part.replace(/[ \t\r\n]+/g, ' '), flags })
        continue
      }
      switch (part.name) {
        case 'text:span':
          this.inline(part, state, flagsOf(this.styles.format(part.attribs['text:style-name']), flags))
          break
        case 'text:s': {
          const count = Math.min(64, Math.max(1, Number.parseInt(part.attribs['text:c'] ?? '1', 10) || 1))
          state.runs.push({ node: ' '.repeat(count), flags })
          break
        }
        case 'text:tab':
          state.runs.push({ node: ' ', flags })
          break
        case 'text:line-break':
          state.runs.push({ node: element('br'), flags })
          break
        case 'text:a': {
          const inner = { runs: [] as Run[], after: state.after }
          this.inline(part, inner, 0)
          const href = part.attribs['xlink:href'] ?? ''
          state.runs.push({
            node: href === '' ? element('span', {}, group(inner.runs)) : element('a', { href }, group(inner.runs)),
            flags,
          })
          break
        }
        case 'text:note':
          state.runs.push({ node: this.noteReference(part), flags: flags & ~(SUP | SUB) })
          break
        case 'office:annotation':
          this.comment()
          break
        case 'office:annotation-end':
          break
        case 'draw:frame':
          this.frame(part, state)
          break
        case 'draw:a':
        case 'draw:g':
        case 'text:meta':
        case 'text:ruby':
        case 'text:ruby-base':
        case 'text:date':
        case 'text:time':
        case 'text:page-number':
        case 'text:page-count':
        case 'text:chapter':
        case 'text:title':
        case 'text:subject':
        case 'text:author-name':
        case 'text:sequence':
        case 'text:sequence-ref':
        case 'text:bookmark-ref':
        case 'text:note-ref':
        case 'text:reference-ref':
        case 'text:variable-get':
        case 'text:variable-set':
        case 'text:user-field-get':
        case 'text:file-name':
        case 'text:hidden-text':
        case 'text:conditional-text':
        case 'text:placeholder':
        case 'text:bibliography-mark':
        case 'text:toc-mark':
        case 'text:alphabetical-index-mark':
          this.inline(part, state, flags)
          break
        case 'draw:custom-shape':
        case 'draw:rect':
        case 'draw:ellipse':
        case 'draw:text-box': {
          const box = element('div')
          this.blocks(part, box)
          state.after.push(box)
          break
        }
        default:
          break
      }
    }
  }

  /** A frame: a picture (alt from its title and description), a formula, a text box (its blocks after the paragraph). */
  private frame(frame: Element, state: { runs: Run[]; after: Element[] }): void {
    const alt = [child(frame, 'svg:title'), child(frame, 'svg:desc')]
      .map((part) => (part === undefined ? '' : xmlText(part).trim()))
      .filter((text) => text !== '')
      .join(': ')
    const object = child(frame, 'draw:object')
    if (object !== undefined) {
      const embedded = this.embedded(object.attribs['xlink:href'] ?? '')
      if (embedded?.math !== undefined) {
        state.runs.push({ node: embedded.math, flags: 0 })
        return
      }
      if (embedded?.chart !== undefined) {
        this.chart(embedded.chart, state.after)
        return
      }
      this.report.notKept(
        'embedded-object-as-picture',
        (n) => `${plural(n, 'embedded object')} (OLE objects) kept as ${n === 1 ? 'its picture' : 'their pictures'}`,
      )
    }
    // A presentation's table is a frame's: the picture beside it is LibreOffice's preview of it.
    const table = child(frame, 'table:table')
    if (table !== undefined) {
      const holder = element('div')
      this.table(table, holder)
      state.after.push(holder)
      return
    }
    const images = frame.children.filter((c): c is Element => isElement(c) && c.name === 'draw:image')
    const image = images.find((i) => shown.test(i.attribs['xlink:href'] ?? '')) ?? images[0]
    if (image !== undefined) {
      const href = (image.attribs['xlink:href'] ?? '').replace(/^\.\//, '')
      const external = /^[a-z][a-z0-9+.-]*:/i.test(href)
      const picture = href === '' ? undefined : this.pictures.picture({ target: href, external }, alt)
      if (picture !== undefined) state.runs.push({ node: picture, flags: 0 })
      return
    }
    const box = child(frame, 'draw:text-box')
    if (box !== undefined) {
      const holder = element('div')
      this.blocks(box, holder)
      state.after.push(holder)
    }
  }

  /** A chart as its data table, after its title: what it says, where a picture of it would say less (reported). */
  private chart(chart: Element, after: Element[]): void {
    const holder = element('div')
    const title = child(chart, 'chart:title')
    if (title !== undefined && xmlText(title).trim() !== '')
      appendNode(holder, element('p', {}, [xmlText(title).trim()]))
    const table = child(chart, 'table:table')
    if (table !== undefined) this.table(table, holder)
    after.push(holder)
    this.report.notKept(
      'chart-as-table',
      (n) => `${plural(n, 'chart')} kept as ${n === 1 ? 'its data table' : 'their data tables'}`,
    )
  }

  private noteReference(note: Element): Element {
    const id = `${note.attribs['text:note-class'] === 'endnote' ? 'endnote' : 'footnote'}-${this.notes.length + 1}`
    this.notes.push({ id, body: child(note, 'text:note-body') })
    return element('a', { href: `#${id}`, role: 'doc-noteref' }, [String(this.notes.length)])
  }

  private list(node: Element, out: Element, style: string | undefined, level: number): void {
    // A level that shows no label (a slide's unbulleted outline paragraph) is its items' blocks, not a list.
    if (this.styles.isUnlabelled(style, level)) {
      for (const item of node.children)
        if (isElement(item) && (item.name === 'text:list-item' || item.name === 'text:list-header'))
          this.blocks(item, out, style, level)
      return
    }
    const numbered = this.styles.isNumbered(style, level)
    // A list continuing the one before it (LibreOffice splits a list where its style changes) stays one list.
    const previous = out.children[out.children.length - 1]
    const items = node.children.filter(
      (c): c is Element => isElement(c) && (c.name === 'text:list-item' || c.name === 'text:list-header'),
    )
    let list: Element
    const continues =
      isElement(previous) &&
      (previous.name === 'ol' || previous.name === 'ul') &&
      items[0] !== undefined &&
      !items[0].children.some((c) => isElement(c) && (c.name === 'text:p' || c.name === 'text:h'))
    if (continues) list = previous as Element
    else {
      const start = Number.parseInt(items[0]?.attribs['text:start-value'] ?? '', 10)
      list = element(
        numbered ? 'ol' : 'ul',
        numbered && Number.isFinite(start) && start !== 1 ? { start: String(start) } : {},
      )
    }
    for (const item of items) {
      const content = element('li')
      this.blocks(item, content, style, level)
      const last = list.children[list.children.length - 1]
      const ownText = item.children.some((c) => isElement(c) && (c.name === 'text:p' || c.name === 'text:h'))
      // An item that only holds a deeper list belongs to the item before it, as it reads.
      if (!ownText && isElement(last) && last.name === 'li') {
        for (const child of content.children) appendNode(last, child)
        continue
      }
      // A numbered heading is a heading, not a list of one.
      const only = content.children.length === 1 ? content.children[0] : undefined
      if (isElement(only) && /^h[1-6]$/.test(only.name)) {
        if (list.children.length > 0 && list !== previous) appendNode(out, list)
        appendNode(out, only)
        list = element(list.name, {})
        continue
      }
      appendNode(list, content)
    }
    if (list !== previous && list.children.length > 0) appendNode(out, list)
  }

  private table(node: Element, out: Element): void {
    const head = element('thead')
    const body = element('tbody')
    const rows = (container: Element, into: Element, header: boolean) => {
      for (const row of container.children) {
        if (!isElement(row)) continue
        if (row.name === 'table:table-header-rows') rows(row, head, true)
        else if (row.name === 'table:table-row-group' || row.name === 'table:table-rows') rows(row, into, header)
        else if (row.name === 'table:table-row') {
          const tr = element('tr')
          for (const cell of row.children) {
            if (!isElement(cell) || cell.name !== 'table:table-cell') continue
            const attributes: Record<string, string> = {}
            const colspan = Number.parseInt(cell.attribs['table:number-columns-spanned'] ?? '1', 10)
            const rowspan = Number.parseInt(cell.attribs['table:number-rows-spanned'] ?? '1', 10)
            if (colspan > 1) attributes.colspan = String(Math.min(1000, colspan))
            if (rowspan > 1) attributes.rowspan = String(Math.min(65_534, rowspan))
            const td = element(header ? 'th' : 'td', attributes)
            this.blocks(cell, td)
            const repeat = Math.min(
              64,
              Math.max(1, Number.parseInt(cell.attribs['table:number-columns-repeated'] ?? '1', 10) || 1),
            )
            for (let i = 0; i < repeat; i++) appendNode(tr, i === 0 ? td : element(td.name, attributes))
          }
          appendNode(into, tr)
        }
      }
    }
    rows(node, body, false)
    const table = element('table')
    if (head.children.length > 0) appendNode(table, head)
    appendNode(table, body)
    appendNode(out, table)
  }
}
