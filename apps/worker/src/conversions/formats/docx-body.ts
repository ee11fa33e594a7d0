import type { ConversionContext } from '../conversion-context.js'
import { plural } from '../conversion-reporter.js'
import type { DocxArchive } from './docx-archive.js'
import { chartTable } from './docx-chart.js'
import { appendNode, htmlElement, type HtmlNode } from './docx-html.js'
import { ommlToLatex, onlyMath } from './docx-math.js'
import type { DocxNumbering, NumberedItem } from './docx-numbering.js'
import { DocxPictures } from './docx-pictures.js'
import { readRelationships, type Relationship } from './docx-relationships.js'
import { isMonospaceFont, type DocxStyles } from './docx-styles.js'
import { child, childrenNamed, parseXmlPart, toggle, valueOf, xmlText, type XmlBudget } from './docx-xml.js'
import { isElement, type Element } from './html-dom.js'

/** The parts a body walk reads besides the body itself. */
export interface DocxParts {
  archive: DocxArchive
  styles: DocxStyles
  numbering: DocxNumbering
  budget: XmlBudget
  context: ConversionContext
}

/** How a run is set: runs set alike next to each other are written as one. */
interface RunFormat {
  bold: boolean
  italic: boolean
  strike: boolean
  vertical: '' | 'sup' | 'sub'
  monospace: boolean
}

/** A complex field (`fldChar begin … separate … end`) being read: its code, then its shown result. */
interface OpenField {
  phase: 'code' | 'result'
  code: string
  /** The link a HYPERLINK field's result is written into. */
  link?: Element
}

/** Fields nest (a PAGE inside an IF): deeper than this is not a document a person made. */
const MAX_FIELD_DEPTH = 32

/** Text that looks like program code, for paragraphs set wholly in a monospaced font. */
const codeLike = /[;{}()[\]=<>#$\\|`]|^\s{2,}\S|=>|:=|\b(def|import|return|select|from|class|function|var|let|const|print|printf|echo|sudo)\b/i
const checkboxChars = /^\s*([☐☑☒□■✓✔✗✘])\s*/
const checked = new Set(['☑', '☒', '■', '✓', '✔', '✗', '✘'])

/** A paragraph as the body walk sees it before writing it. */
interface ReadParagraph {
  content: Element
  /** Blocks the paragraph anchors (text boxes, shapes' text, charts): written after it, in order. */
  floats: HtmlNode[]
  text: string
  monospaceOnly: boolean
  checkbox: boolean | undefined
}

/**
 * Walks a WordprocessingML body (the document, or one note) and builds the HTML tree the HTML
 * stage writes as Markdown: headings (numbered ones with their number), nested lists from Word's
 * numbering, task items, tables with their merged cells as colspan/rowspan, code blocks,
 * pictures as assets, equations as LaTeX, notes as footnotes, text boxes after the paragraph
 * that anchors them. Everything it cannot keep is counted in the report.
 */
export class DocxBodyReader {
  private readonly pictures: DocxPictures
  private relationships: Map<string, Relationship>
  private part: string
  /** Notes referenced so far, in order, with the element their text goes into. */
  readonly notes: Array<{ kind: 'footnote' | 'endnote'; id: string; anchor: string }> = []
  private readonly noteAnchors = new Map<string, string>()
  private fields: OpenField[] = []
  /** Fields in their code phase, and the links of HYPERLINK fields being written: kept so each run is O(1). */
  private codeFields = 0
  private links: Element[] = []
  /** Fields opened past {@link MAX_FIELD_DEPTH}: only counted, so their ends pair up. */
  private fieldOverflow = 0
  private readonly charts = new Map<string, HtmlNode[] | undefined>()
  /** Table cells the walk is inside: display equations and task boxes are written as cell text there. */
  private cellDepth = 0

  constructor(
    private readonly parts: DocxParts,
    part: string,
  ) {
    this.part = part
    this.relationships = readRelationships(parts.archive, part, parts.budget)
    this.pictures = new DocxPictures(parts.archive, parts.context)
  }

  private get report() {
    return this.parts.context.report
  }

  /** Reads `container`'s blocks (a body, a cell, a note) into `out`, in another part's context when given. */
  readIn<T>(part: string, read: () => T): T {
    const saved = { part: this.part, relationships: this.relationships, fields: this.fields, codeFields: this.codeFields, links: this.links, overflow: this.fieldOverflow }
    this.part = part
    this.relationships = readRelationships(this.parts.archive, part, this.parts.budget)
    this.fields = []
    this.codeFields = 0
    this.links = []
    this.fieldOverflow = 0
    try {
      return read()
    } finally {
      this.part = saved.part
      this.relationships = saved.relationships
      this.fields = saved.fields
      this.codeFields = saved.codeFields
      this.links = saved.links
      this.fieldOverflow = saved.overflow
    }
  }

  /** The blocks of a body, cell, note or text box, written into `out`. */
  blocks(container: Element, out: Element): void {
    const sink = new BlockSink(out, this.cellDepth > 0)
    this.blocksInto(container, sink)
    sink.close()
  }

  private blocksInto(container: Element, sink: BlockSink): void {
    for (const node of container.children) {
      if (!isElement(node)) continue
      switch (node.name) {
        case 'w:p':
          this.paragraph(node, sink)
          break
        case 'w:tbl':
          sink.block(this.table(node))
          break
        case 'w:sdt':
          this.blocksInto(child(node, 'w:sdtContent') ?? node, sink)
          break
        case 'w:customXml':
        case 'w:smartTag':
        case 'w:moveTo':
          this.blocksInto(node, sink)
          break
        case 'w:ins':
          this.inserted()
          this.blocksInto(node, sink)
          break
        case 'w:del':
        case 'w:moveFrom':
          this.deleted()
          break
        case 'mc:AlternateContent':
          this.blocksInto(child(node, 'mc:Choice') ?? node, sink)
          break
        case 'w:altChunk':
          this.report.notKept('imported-content-dropped', (n) => `${plural(n, 'imported document part')} (altChunk) dropped`)
          break
      }
    }
  }

  private inserted(): void {
    this.report.found('trackedChanges')
    this.report.notKept('tracked-insertion-accepted', (n) => `${plural(n, 'tracked insertion')} kept as plain text (accepted)`)
  }

  private deleted(): void {
    this.report.found('trackedChanges')
    this.report.notKept('tracked-deletion-dropped', (n) => `${plural(n, 'tracked deletion')} dropped (accepted)`)
  }

  // ---- paragraphs -------------------------------------------------------------------------

  private paragraph(p: Element, sink: BlockSink): void {
    const pPr = child(p, 'w:pPr')
    const style = this.parts.styles.style(valueOf(pPr, 'w:pStyle'))
    const read = this.readParagraph(p, style.monospace ?? false)
    const numPr = child(pPr, 'w:numPr')
    const numId = valueOf(numPr, 'w:numId') ?? (numPr === undefined ? style.numbering?.numId : undefined)
    const ilvl = Number.parseInt(valueOf(numPr, 'w:ilvl') ?? String(style.numbering?.ilvl ?? 0), 10) || 0
    const empty = read.text.trim() === '' && !hasContent(read.content)
    const item = numId !== undefined && !empty ? this.parts.numbering.next(numId, ilvl) : undefined
    const outline = valueOf(pPr, 'w:outlineLvl')
    let level = style.headingLevel
    if (level === 0 && outline !== undefined && /^[0-5]$/.test(outline)) level = Number(outline) + 1
    if (empty) {
      if (style.code) sink.codeLine('')
      else sink.blank()
      for (const float of read.floats) sink.block(float)
      return
    }
    if (level > 0) {
      const heading = htmlElement(`h${level}`)
      if (item !== undefined && item.label !== '') appendNode(heading, `${item.label} `)
      for (const node of read.content.children) appendNode(heading, node)
      sink.block(heading)
    } else if (style.code || (read.monospaceOnly && codeLike.test(read.text))) {
      sink.codeLine(codeText(read.content))
      this.report.found('paragraphs')
    } else if (item !== undefined || read.checkbox !== undefined) {
      sink.item(item, ilvl, read.content, read.checkbox)
    } else if (this.cellDepth === 0 && onlyMath(p)) {
      for (const node of read.content.children) sink.block(isElement(node) && node.name === 'span' ? htmlElement('span', { class: 'math display' }, node.children) : htmlElement('p', {}, [node]))
    } else {
      const paragraph = htmlElement('p', {}, read.content.children)
      sink.block(paragraph)
      this.report.found('paragraphs')
    }
    for (const float of read.floats) sink.block(float)
  }

  /** A paragraph's text-level content, the blocks it anchors, and what it looks like. */
  private readParagraph(p: Element, styleMonospace: boolean): ReadParagraph {
    const content = htmlElement('p')
    const state = { floats: [] as HtmlNode[], text: '', monospaceOnly: true, sawText: false, checkbox: undefined as boolean | undefined, first: true, styleMonospace }
    this.inline(p, content, state)
    if (state.checkbox === undefined) {
      // A checkbox typed as a character (☐ Task) rather than a content control.
      const first = content.children[0]
      if (typeof first === 'string') {
        const match = checkboxChars.exec(first)
        if (match) {
          state.checkbox = checked.has(match[1] as string)
          content.children[0] = first.slice(match[0].length)
        }
      }
    }
    return { content, floats: state.floats, text: state.text, monospaceOnly: state.sawText && state.monospaceOnly, checkbox: state.checkbox }
  }

  /** The target runs are written into: the innermost open HYPERLINK field's link, or `out`. */
  private target(out: Element): Element {
    return this.links.at(-1) ?? out
  }

  /** Inside a field's code (its instructions): nothing of it is text. */
  private inFieldCode(): boolean {
    return this.codeFields > 0
  }

  private inline(container: Element, out: Element, state: InlineState): void {
    for (const node of container.children) {
      if (!isElement(node)) continue
      switch (node.name) {
        case 'w:r':
          this.run(node, out, state)
          break
        case 'w:hyperlink': {
          const href = this.hyperlinkTarget(node)
          if (href === undefined) this.inline(node, out, state)
          else {
            const link = htmlElement('a', { href })
            this.inline(node, link, state)
            appendNode(this.target(out), link)
          }
          break
        }
        case 'w:ins':
          this.inserted()
          this.inline(node, out, state)
          break
        case 'w:del':
        case 'w:moveFrom':
          this.deleted()
          break
        case 'w:moveTo':
        case 'w:smartTag':
        case 'w:customXml':
        case 'w:dir':
        case 'w:bdo':
          this.inline(node, out, state)
          break
        case 'w:fldSimple': {
          const href = hyperlinkField(node.attribs['w:instr'] ?? '')
          if (href === undefined) this.inline(node, out, state)
          else {
            const link = htmlElement('a', { href })
            this.inline(node, link, state)
            appendNode(this.target(out), link)
          }
          break
        }
        case 'w:sdt': {
          const box = checkboxOf(node)
          if (box !== undefined && state.first && state.checkbox === undefined) {
            // The box glyph itself is the control's content: the task marker says it.
            state.checkbox = box
            break
          }
          this.inline(child(node, 'w:sdtContent') ?? node, out, state)
          break
        }
        case 'mc:AlternateContent':
          this.inline(child(node, 'mc:Choice') ?? node, out, state)
          break
        case 'm:oMath':
        case 'm:oMathPara':
          this.math(node, this.target(out), state)
          break
        case 'w:commentRangeStart':
          break
      }
    }
  }

  private math(node: Element, out: Element, state: InlineState): void {
    state.first = false
    // Word shows an equation paragraph (oMathPara) on its own lines; in a table cell it stays in the cell's text.
    const display = node.name === 'm:oMathPara' && this.cellDepth === 0
    const equations = display ? childrenNamed(node, 'm:oMath') : [node]
    for (const equation of equations) {
      let latex: string
      try {
        latex = ommlToLatex(equation)
      } catch {
        this.report.notKept('equation-not-converted', (n) => `${plural(n, 'equation')} could not be translated to LaTeX and ${n === 1 ? 'is' : 'are'} kept as text`)
        const text = xmlText(equation)
        state.text += text
        appendNode(out, text)
        continue
      }
      if (latex === '') continue
      state.text += ' '
      appendNode(out, htmlElement('span', { class: display ? 'math display' : 'math inline' }, [latex]))
    }
  }

  private hyperlinkTarget(link: Element): string | undefined {
    const id = link.attribs['r:id']
    const anchor = link.attribs['w:anchor']
    if (id !== undefined) {
      const relationship = this.relationships.get(id)
      if (relationship !== undefined) return relationship.target + (anchor ? `#${anchor}` : '')
    }
    // Links to bookmarks inside the document (a table of contents) have no target in Markdown.
    return undefined
  }

  private run(run: Element, out: Element, state: InlineState): void {
    const rPr = child(run, 'w:rPr')
    if (toggle(rPr, 'w:vanish') === true || toggle(rPr, 'w:specVanish') === true) {
      if (xmlText(run).trim() !== '') this.report.notKept('hidden-text-dropped', (n) => `${plural(n, 'run')} of hidden text (not shown in Word) dropped`)
      return
    }
    let format: RunFormat | undefined
    const formatOf = () => (format ??= this.runFormat(rPr, state.styleMonospace))
    for (const node of run.children) {
      if (!isElement(node)) continue
      switch (node.name) {
        case 'w:fldChar': {
          const type = node.attribs['w:fldCharType']
          if (type === 'begin') {
            if (this.fields.length >= MAX_FIELD_DEPTH) this.fieldOverflow++
            else {
              this.fields.push({ phase: 'code', code: '' })
              this.codeFields++
            }
          } else if (type === 'separate') {
            const field = this.fields.at(-1)
            if (this.fieldOverflow === 0 && field !== undefined && field.phase === 'code') {
              field.phase = 'result'
              this.codeFields--
              const href = hyperlinkField(field.code)
              if (href !== undefined && !this.inFieldCode()) {
                const link = htmlElement('a', { href })
                appendNode(this.target(out), link)
                field.link = link
                this.links.push(link)
              }
            }
          } else if (type === 'end') {
            if (this.fieldOverflow > 0) this.fieldOverflow--
            else {
              const field = this.fields.pop()
              if (field?.phase === 'code') this.codeFields--
              if (field?.link !== undefined) this.links.pop()
            }
          }
          continue
        }
        case 'w:instrText': {
          const field = this.fields.at(-1)
          // A field's code is a line of instructions: more than that is not one Word wrote.
          if (this.fieldOverflow === 0 && field !== undefined && field.phase === 'code' && field.code.length < 4096) field.code += xmlText(node)
          continue
        }
      }
      if (this.inFieldCode()) continue
      const target = this.target(out)
      switch (node.name) {
        case 'w:t':
          this.text(xmlText(node), formatOf(), target, state)
          break
        case 'w:tab':
        case 'w:ptab':
          this.text('\t', formatOf(), target, state)
          break
        case 'w:noBreakHyphen':
          this.text('-', formatOf(), target, state)
          break
        case 'w:sym': {
          const code = Number.parseInt(node.attribs['w:char'] ?? '', 16)
          // Symbol-font characters sit in the private-use area: their meaning is the font's.
          if (Number.isFinite(code) && code > 0x1f && (code < 0xe000 || code > 0xf8ff)) this.text(String.fromCodePoint(code), formatOf(), target, state)
          break
        }
        case 'w:br':
        case 'w:cr': {
          const type = node.attribs['w:type']
          if (type === 'page' || type === 'column') appendNode(target, ' ')
          else {
            appendNode(target, htmlElement('br'))
            state.text += '\n'
          }
          break
        }
        case 'w:drawing':
          this.drawing(node, target, state)
          break
        case 'w:pict':
        case 'w:object':
          this.vml(node, target, state)
          break
        case 'mc:AlternateContent': {
          const choice = child(node, 'mc:Choice')
          if (choice !== undefined) this.run({ ...run, children: choice.children }, out, state)
          break
        }
        case 'w:footnoteReference':
        case 'w:endnoteReference':
          this.noteReference(node, target)
          break
        case 'w:commentReference':
          this.report.found('comments')
          this.report.notKept('comment-dropped', (n) => `${plural(n, 'comment')} dropped (comments are the reviewers', not the document's text)`)
          break
        case 'w:ruby':
          this.run({ ...run, children: (child(child(node, 'w:rubyBase'), 'w:r') ?? node).children }, out, state)
          break
      }
    }
  }

  private runFormat(rPr: Element | undefined, styleMonospace: boolean): RunFormat {
    const character = this.parts.styles.style(valueOf(rPr, 'w:rStyle') ?? '\u0000none')
    const vertical = valueOf(rPr, 'w:vertAlign')
    return {
      bold: toggle(rPr, 'w:b') ?? character.bold ?? false,
      italic: toggle(rPr, 'w:i') ?? character.italic ?? false,
      strike: toggle(rPr, 'w:strike') ?? toggle(rPr, 'w:dstrike') ?? character.strike ?? false,
      vertical: vertical === 'superscript' ? 'sup' : vertical === 'subscript' ? 'sub' : '',
      monospace: isMonospaceFont(child(rPr, 'w:rFonts')) ?? character.monospace ?? styleMonospace,
    }
  }

  /** Text in its run's format, joined to the run before when that one is set alike. */
  private text(text: string, format: RunFormat, out: Element, state: InlineState): void {
    if (text === '') return
    state.text += text
    if (text.trim() !== '') {
      state.sawText = true
      state.first = false
      if (!format.monospace) state.monospaceOnly = false
    }
    const names = [format.bold ? 'strong' : '', format.italic ? 'em' : '', format.strike ? 's' : '', format.vertical].filter(Boolean)
    if (names.length === 0 || text.trim() === '') {
      appendNode(out, text)
      return
    }
    const key = names.join(' ')
    const last = out.children.at(-1)
    if (isElement(last) && last.attribs['data-run'] === key) {
      let innermost = last
      while (isElement(innermost.children[0]) && innermost.children.length === 1) innermost = innermost.children[0] as Element
      appendNode(innermost, text)
      return
    }
    let node: HtmlNode = text
    for (let i = names.length - 1; i >= 0; i--) node = htmlElement(names[i] as string, i === 0 ? { 'data-run': key } : {}, [node])
    appendNode(out, node)
  }

  // ---- pictures, shapes, charts -----------------------------------------------------------

  /** DrawingML: pictures (one or a group), text boxes' and shapes' text, charts — in document order. */
  private drawing(drawing: Element, out: Element, state: InlineState): void {
    const docPr = findFirst(drawing, 'wp:docPr')
    const frameAlt = (docPr?.attribs.descr ?? docPr?.attribs.title ?? '').trim()
    const stack: Element[] = [drawing]
    const order: Element[] = []
    // Document order without recursion; text boxes are read as blocks, not descended into here.
    while (stack.length > 0) {
      const element = stack.pop() as Element
      if (element !== drawing) order.push(element)
      if (element.name === 'w:txbxContent') continue
      for (let i = element.children.length - 1; i >= 0; i--) {
        const node = element.children[i]
        if (isElement(node)) stack.push(node)
      }
    }
    let lastAlt = frameAlt
    const floating = drawing.children.some((node) => isElement(node) && node.name === 'wp:anchor')
    for (const element of order) {
      switch (element.name) {
        case 'pic:cNvPr':
          lastAlt = (element.attribs.descr ?? element.attribs.title ?? '').trim() || frameAlt
          break
        case 'a:blip': {
          const id = element.attribs['r:embed'] ?? element.attribs['r:link']
          if (id === undefined) break
          this.picture(id, lastAlt, out, state)
          // A floating picture is not part of the sentence it is anchored in: keep it apart from the words.
          if (floating) appendNode(out, ' ')
          break
        }
        case 'w:txbxContent':
          this.textBox(element, state)
          break
        case 'c:chart':
          this.chart(element.attribs['r:id'], state)
          break
        case 'dgm:relIds':
          this.report.notKept('diagram-dropped', (n) => `${plural(n, 'SmartArt diagram')} dropped`)
          break
      }
    }
  }

  /** VML (older Word, and the preview of an embedded object): pictures and text boxes. */
  private vml(pict: Element, out: Element, state: InlineState): void {
    const stack: Element[] = [pict]
    const order: Element[] = []
    while (stack.length > 0) {
      const element = stack.pop() as Element
      order.push(element)
      if (element.name === 'w:txbxContent') continue
      for (let i = element.children.length - 1; i >= 0; i--) {
        const node = element.children[i]
        if (isElement(node)) stack.push(node)
      }
    }
    let alt = ''
    for (const element of order) {
      if (element.name === 'v:shape' || element.name === 'v:rect' || element.name === 'v:roundrect') alt = (element.attribs.alt ?? element.attribs['o:title'] ?? '').trim()
      else if (element.name === 'v:imagedata') {
        const id = element.attribs['r:id'] ?? element.attribs['o:relid'] ?? element.attribs['r:pict']
        if (id !== undefined) this.picture(id, alt || (element.attribs['o:title'] ?? '').trim(), out, state)
      } else if (element.name === 'w:txbxContent') this.textBox(element, state)
      else if (element.name === 'o:OLEObject') this.report.notKept('embedded-object-preview', (n) => `${plural(n, 'embedded object')} (spreadsheet, chart…) kept as ${n === 1 ? 'its' : 'their'} preview picture only`)
    }
  }

  private picture(id: string, alt: string, out: Element, state: InlineState): void {
    const node = this.pictures.picture(this.relationships.get(id), alt)
    if (node === undefined) return
    state.first = false
    appendNode(out, node)
  }

  private textBox(content: Element, state: InlineState): void {
    const box = htmlElement('div')
    this.blocks(content, box)
    if (box.children.length > 0) state.floats.push(box)
  }

  private chart(id: string | undefined, state: InlineState): void {
    const relationship = id === undefined ? undefined : this.relationships.get(id)
    if (relationship === undefined || relationship.external) return
    if (!this.charts.has(relationship.target)) {
      const xml = this.parts.archive.text(relationship.target)
      this.charts.set(relationship.target, xml === undefined ? undefined : chartTable(parseXmlPart(xml, relationship.target, this.parts.budget)))
    }
    const table = this.charts.get(relationship.target)
    if (table === undefined) {
      this.report.notKept('chart-dropped', (n) => `${plural(n, 'chart')} without data dropped`)
      return
    }
    this.report.notKept('chart-as-table', (n) => `${plural(n, 'chart')} kept as ${n === 1 ? 'its data table' : 'their data tables'} (the drawing itself is not kept)`)
    state.floats.push(htmlElement('div', {}, table))
  }

  // ---- notes ------------------------------------------------------------------------------

  private noteReference(reference: Element, out: Element): void {
    const id = reference.attribs['w:id']
    if (id === undefined) return
    const kind = reference.name === 'w:footnoteReference' ? 'footnote' : 'endnote'
    const key = `${kind}-${id}`
    let anchor = this.noteAnchors.get(key)
    if (anchor === undefined) {
      anchor = key
      this.noteAnchors.set(key, anchor)
      this.notes.push({ kind, id, anchor })
    }
    appendNode(out, htmlElement('a', { href: `#${anchor}`, role: 'doc-noteref' }, [String(this.notes.length)]))
  }

  // ---- tables -----------------------------------------------------------------------------

  /**
   * A Word table as an HTML table: `w:gridSpan` becomes colspan, a `w:vMerge` run of cells one
   * cell with a rowspan, header rows (`w:tblHeader`) a `<thead>`.
   */
  private table(tbl: Element): Element {
    const head = htmlElement('thead')
    const body = htmlElement('tbody')
    /** The cell that starts a vertical merge, by grid column, while the merge runs. */
    const merging = new Map<number, Element>()
    let inHead = true
    for (const tr of rowsOf(tbl)) {
      const trPr = child(tr, 'w:trPr')
      const isHeader = inHead && toggle(trPr, 'w:tblHeader') === true
      if (!isHeader) inHead = false
      const row = htmlElement('tr')
      let column = Number.parseInt(valueOf(trPr, 'w:gridBefore') ?? '0', 10) || 0
      for (const tc of cellsOf(tr)) {
        const tcPr = child(tc, 'w:tcPr')
        const span = Math.max(1, Math.min(1000, Number.parseInt(valueOf(tcPr, 'w:gridSpan') ?? '1', 10) || 1))
        const vMerge = child(tcPr, 'w:vMerge')
        const merge = vMerge === undefined ? undefined : (vMerge.attribs['w:val'] ?? 'continue')
        const above = merging.get(column)
        if (merge === 'continue' && above !== undefined) {
          above.attribs.rowspan = String((Number(above.attribs.rowspan ?? '1') || 1) + 1)
          column += span
          continue
        }
        const cell = htmlElement(isHeader ? 'th' : 'td', span > 1 ? { colspan: String(span) } : {})
        this.cellDepth++
        try {
          this.blocks(tc, cell)
        } finally {
          this.cellDepth--
        }
        unwrapSingleParagraph(cell)
        row.children.push(cell)
        cell.parent = row
        for (let c = column; c < column + span; c++) merging.delete(c)
        if (merge === 'restart') merging.set(column, cell)
        column += span
      }
      appendNode(isHeader ? head : body, row)
    }
    const table = htmlElement('table')
    if (head.children.length > 0) appendNode(table, head)
    appendNode(table, body)
    return table
  }
}

interface InlineState {
  floats: HtmlNode[]
  text: string
  monospaceOnly: boolean
  sawText: boolean
  checkbox: boolean | undefined
  /** Nothing written yet: a checkbox here marks the paragraph a task. */
  first: boolean
  styleMonospace: boolean
}

/** `HYPERLINK "https://…"` (or `\l "bookmark"`, which has no target outside the document). */
function hyperlinkField(code: string): string | undefined {
  const match = /^\s*HYPERLINK\s+(?:\\[a-km-z]\s+"[^"]*"\s+)*"([^"]+)"/i.exec(code) ?? /^\s*HYPERLINK\s+([^\s"\\]+)/i.exec(code)
  return match?.[1]
}

/** A content control that is a checkbox: whether it is ticked. */
function checkboxOf(sdt: Element): boolean | undefined {
  const box = child(child(sdt, 'w:sdtPr'), 'w14:checkbox')
  if (box === undefined) return undefined
  const value = child(box, 'w14:checked')?.attribs['w14:val']
  return value === '1' || value === 'true'
}

/** Rows of a table, including those wrapped in content controls or tracked insertions. */
function rowsOf(tbl: Element): Element[] {
  const rows: Element[] = []
  const visit = (container: Element, depth: number) => {
    for (const node of container.children) {
      if (!isElement(node)) continue
      if (node.name === 'w:tr') rows.push(node)
      else if (depth < 4 && (node.name === 'w:sdt' || node.name === 'w:sdtContent' || node.name === 'w:customXml' || node.name === 'w:ins')) visit(node, depth + 1)
    }
  }
  visit(tbl, 0)
  return rows
}

function cellsOf(tr: Element): Element[] {
  const cells: Element[] = []
  const visit = (container: Element, depth: number) => {
    for (const node of container.children) {
      if (!isElement(node)) continue
      if (node.name === 'w:tc') cells.push(node)
      else if (depth < 4 && (node.name === 'w:sdt' || node.name === 'w:sdtContent' || node.name === 'w:customXml')) visit(node, depth + 1)
    }
  }
  visit(tr, 0)
  return cells
}

/** A cell of one paragraph holds its text directly, so the HTML stage can write a GitHub cell. */
function unwrapSingleParagraph(cell: Element): void {
  if (cell.children.length !== 1) return
  const only = cell.children[0]
  if (!isElement(only) || only.name !== 'p') return
  cell.children = []
  for (const node of only.children) appendNode(cell, node)
}

function findFirst(element: Element, name: string): Element | undefined {
  const stack: Element[] = [element]
  while (stack.length > 0) {
    const current = stack.pop() as Element
    if (current.name === name) return current
    for (const node of current.children) if (isElement(node)) stack.push(node)
  }
  return undefined
}

/** Whether inline content holds anything besides whitespace: a picture, an equation. */
function hasContent(content: Element): boolean {
  return content.children.some((node) => isElement(node) && node.name !== 'br')
}

/** A code line's text: what the runs say, line breaks as newlines, no formatting. */
function codeText(content: Element): string {
  let text = ''
  const stack = [...content.children].reverse()
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === undefined) continue
    if (typeof node === 'string') text += node
    else if (node.name === 'br') text += '\n'
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as HtmlNode)
  }
  return text
}

/**
 * Where a body's blocks are written, grouping what Word keeps as separate paragraphs: list
 * items into nested lists, code lines into one code block. Empty paragraphs (Word's spacing)
 * do not end a list.
 */
class BlockSink {
  /** Open lists, outermost first: the depth (ilvl) each one is at. */
  private lists: Array<{ ilvl: number; list: Element; ordered: boolean; item?: Element }> = []
  private code: string[] | undefined

  constructor(
    private readonly out: Element,
    /** In a table cell: HTML there has no task items, so a box is written as `[x]` text. */
    private readonly inCell: boolean,
  ) {}

  block(node: HtmlNode): void {
    this.closeCode()
    this.closeLists()
    appendNode(this.out, node)
  }

  blank(): void {
    if (this.code !== undefined) this.code.push('')
  }

  codeLine(line: string): void {
    this.closeLists()
    this.code ??= []
    this.code.push(...line.split('\n'))
  }

  item(item: NumberedItem | undefined, ilvl: number, content: Element, checkbox: boolean | undefined): void {
    this.closeCode()
    const depth = item?.ilvl ?? Math.max(0, Math.min(8, ilvl))
    // Labels Markdown cannot say (`1.2.`) are written as text, in a bulleted list.
    const ordered = item !== undefined && item.ordered && !item.composite
    while (this.lists.length > 0 && (this.lists.at(-1) as { ilvl: number }).ilvl > depth) this.lists.pop()
    let top = this.lists.at(-1)
    if (top !== undefined && top.ilvl === depth && top.ordered !== ordered) {
      this.lists.pop()
      top = this.lists.at(-1)
    }
    if (top === undefined || top.ilvl < depth) {
      const list = htmlElement(ordered ? 'ol' : 'ul', ordered && item !== undefined && item.number !== 1 ? { start: String(item.number) } : {})
      if (top === undefined) appendNode(this.out, list)
      else {
        if (top.item === undefined) {
          top.item = htmlElement('li')
          appendNode(top.list, top.item)
        }
        appendNode(top.item, list)
      }
      top = { ilvl: depth, list, ordered }
      this.lists.push(top)
    }
    const li = htmlElement('li')
    if (checkbox !== undefined) appendNode(li, this.inCell ? (checkbox ? '[x] ' : '[ ] ') : htmlElement('input', checkbox ? { type: 'checkbox', checked: '' } : { type: 'checkbox' }))
    if (item !== undefined && item.composite && item.label !== '') appendNode(li, `${item.label} `)
    for (const node of content.children) appendNode(li, node)
    appendNode(top.list, li)
    top.item = li
  }

  private closeLists(): void {
    this.lists = []
  }

  private closeCode(): void {
    if (this.code === undefined) return
    while (this.code.length > 0 && this.code.at(-1)?.trim() === '') this.code.pop()
    if (this.code.length > 0) appendNode(this.out, htmlElement('pre', {}, [htmlElement('code', {}, [this.code.join('\n')])]))
    this.code = undefined
  }

  close(): void {
    this.closeCode()
    this.closeLists()
  }
}
