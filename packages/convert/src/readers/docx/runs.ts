// One class of ~440 lines: a run's content — text and its formatting, fields, hyperlinks,
// equations, pictures, text boxes, charts, note references — is read in one walk that shares its
// state (the open fields, the paragraph being read, the notes so far). What stands alone is a
// module of its own: fields.ts, drawing.ts, chart.ts, math.ts, pictures.ts.
import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import type { DocxArchive } from './archive.js'
import { chartTable } from './chart.js'
import { EquationTranslator, MAX_EQUATION_ELEMENTS, MAX_EQUATIONS } from './math.js'
import type { DocxNumbering } from './numbering.js'
import { drawingParts, vmlParts } from './drawing.js'
import { FieldStack, hyperlinkField } from './fields.js'
import { PackagePictures } from '../shared/package-pictures.js'
import { readRelationships, type Relationship } from './relationships.js'
import { isMonospaceFont, type DocxStyles } from './styles.js'
import { child, childrenNamed, parseXmlPart, toggle, valueOf, xmlText, type XmlBudget } from './xml.js'
import { appendNode, element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'

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

/**
 * The text-level half of a body walk (body.ts is the block half): runs with their formatting,
 * hyperlinks and fields, equations, pictures, text boxes and charts, note references — written
 * into the document tree as the paragraph being read.
 */
export abstract class DocxRunReader {
  protected readonly pictures: PackagePictures
  /** The relationships of the part being read (the document's, or a note part's): pictures and links resolve through them. */
  protected relationships: Map<string, Relationship>
  /** Notes referenced so far, in order of first reference, with the anchor their text is written under. */
  readonly notes: Array<{ kind: 'footnote' | 'endnote'; id: string; anchor: string }> = []
  protected readonly noteAnchors = new Map<string, string>()
  protected fields = new FieldStack()
  protected readonly equations = new EquationTranslator()
  protected readonly charts = new Map<string, Node[] | undefined>()
  /** Table cells the walk is inside: display equations and task boxes are written as cell text there. */
  protected cellDepth = 0

  constructor(
    protected readonly parts: DocxParts,
    part: string,
  ) {
    this.relationships = readRelationships(parts.archive, part, parts.budget)
    this.pictures = new PackagePictures(parts.archive, parts.context)
  }

  protected get report() {
    return this.parts.context.report
  }

  /** The blocks of a body, cell, note or text box, written into `out`. */
  abstract blocks(container: Element, out: Element): void

  protected inserted(): void {
    this.report.found('trackedChanges')
    this.report.notKept(
      'tracked-insertion-accepted',
      (n) => `${plural(n, 'tracked insertion')} kept as plain text (accepted)`,
    )
  }

  protected deleted(): void {
    this.report.found('trackedChanges')
    this.report.notKept('tracked-deletion-dropped', (n) => `${plural(n, 'tracked deletion')} dropped (accepted)`)
  }

  // ---- paragraphs -------------------------------------------------------------------------

  protected target(out: Element): Element {
    return this.fields.target(out)
  }

  protected inline(container: Element, out: Element, state: InlineState): void {
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
            const link = element('a', { href })
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
            const link = element('a', { href })
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

  protected math(node: Element, out: Element, state: InlineState): void {
    state.first = false
    // Word shows an equation paragraph (oMathPara) on its own lines; in a table cell it stays in the cell's text.
    const display = node.name === 'm:oMathPara' && this.cellDepth === 0
    const equations = display ? childrenNamed(node, 'm:oMath') : [node]
    for (const equation of equations) {
      const translation = this.equations.translate(equation)
      if (!('latex' in translation)) {
        this.equationKeptAsText(translation.failed)
        const text = xmlText(equation)
        state.text += text
        appendNode(out, text)
        continue
      }
      const latex = translation.latex
      if (latex === '') continue
      state.text += ' '
      // `$a$$b$` would read as display math: equations side by side get a space between them.
      const previous = out.children.at(-1)
      if (isElement(previous) && previous.name === 'span' && (previous.attribs.class ?? '').startsWith('math'))
        appendNode(out, ' ')
      appendNode(out, element('span', { class: display ? 'math display' : 'math inline' }, [latex]))
    }
  }

  protected equationKeptAsText(why: 'unreadable' | 'too-large' | 'too-many'): void {
    if (why === 'unreadable')
      this.report.notKept(
        'equation-not-converted',
        (n) => `${plural(n, 'equation')} could not be translated to LaTeX and ${n === 1 ? 'is' : 'are'} kept as text`,
      )
    else if (why === 'too-large')
      this.report.notKept(
        'equation-too-large',
        (n) => `${plural(n, 'equation')} of more than ${MAX_EQUATION_ELEMENTS.toLocaleString('en')} parts kept as text`,
      )
    else
      this.report.notKept(
        'equation-over-limit',
        (n) => `${plural(n, 'equation')} past the first ${MAX_EQUATIONS.toLocaleString('en')} kept as text`,
      )
  }

  protected hyperlinkTarget(link: Element): string | undefined {
    const id = link.attribs['r:id']
    const anchor = link.attribs['w:anchor']
    if (id !== undefined) {
      const relationship = this.relationships.get(id)
      if (relationship !== undefined) return relationship.target + (anchor ? `#${anchor}` : '')
    }
    // Links to bookmarks inside the document (a table of contents) have no target in Markdown.
    return undefined
  }

  protected run(run: Element, out: Element, state: InlineState): void {
    const rPr = child(run, 'w:rPr')
    if (toggle(rPr, 'w:vanish') === true || toggle(rPr, 'w:specVanish') === true) {
      if (xmlText(run).trim() !== '')
        this.report.notKept(
          'hidden-text-dropped',
          (n) => `${plural(n, 'run')} of hidden text (not shown in Word) dropped`,
        )
      return
    }
    let format: RunFormat | undefined
    const formatOf = () => (format ??= this.runFormat(rPr, state.styleMonospace))
    for (const node of run.children) {
      if (!isElement(node)) continue
      switch (node.name) {
        case 'w:fldChar': {
          const type = node.attribs['w:fldCharType']
          if (type === 'begin') this.fields.begin()
          else if (type === 'separate') this.fields.separate(out)
          else if (type === 'end') this.fields.end()
          continue
        }
        case 'w:instrText':
          this.fields.instruction(xmlText(node))
          continue
      }
      if (this.fields.inCode) continue
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
          if (Number.isFinite(code) && code > 0x1f && (code < 0xe000 || code > 0xf8ff))
            this.text(String.fromCodePoint(code), formatOf(), target, state)
          break
        }
        case 'w:br':
        case 'w:cr': {
          const type = node.attribs['w:type']
          if (type === 'page' || type === 'column') appendNode(target, ' ')
          else {
            appendNode(target, element('br'))
            state.text += '\n'
          }
          break
        }
        case 'w:drawing':
        case 'w:pict':
        case 'w:object':
          this.drawing(node, target, state)
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
          this.report.notKept(
            'comment-dropped',
            (n) => `${plural(n, 'comment')} dropped (comments are the reviewers', not the document's text)`,
          )
          break
        case 'w:ruby':
          this.run({ ...run, children: (child(child(node, 'w:rubyBase'), 'w:r') ?? node).children }, out, state)
          break
      }
    }
  }

  protected runFormat(rPr: Element | undefined, styleMonospace: boolean): RunFormat {
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
  protected text(text: string, format: RunFormat, out: Element, state: InlineState): void {
    if (text === '') return
    state.text += text
    if (text.trim() !== '') {
      state.sawText = true
      state.first = false
      if (!format.monospace) state.monospaceOnly = false
    }
    const names = [
      format.bold ? 'strong' : '',
      format.italic ? 'em' : '',
      format.strike ? 's' : '',
      format.vertical,
    ].filter(Boolean)
    if (names.length === 0 || text.trim() === '') {
      appendNode(out, text)
      return
    }
    const key = names.join(' ')
    const last = out.children.at(-1)
    if (isElement(last) && last.attribs['data-run'] === key) {
      let innermost = last
      while (isElement(innermost.children[0]) && innermost.children.length === 1)
        innermost = innermost.children[0] as Element
      appendNode(innermost, text)
      return
    }
    let node: Node = text
    for (let i = names.length - 1; i >= 0; i--)
      node = element(names[i] as string, i === 0 ? { 'data-run': key } : {}, [node])
    appendNode(out, node)
  }

  // ---- pictures, shapes, charts -----------------------------------------------------------

  /** DrawingML or VML: pictures (one or a group), text boxes' and shapes' text, charts — in document order. */
  protected drawing(drawing: Element, out: Element, state: InlineState): void {
    for (const part of drawing.name === 'w:drawing' ? drawingParts(drawing) : vmlParts(drawing)) {
      switch (part.kind) {
        case 'picture':
          this.picture(part.id, part.alt, out, state)
          // A floating picture is not part of the sentence it is anchored in: keep it apart from the words.
          if (part.floating) appendNode(out, ' ')
          break
        case 'text-box':
          this.textBox(part.content, state)
          break
        case 'chart':
          this.chart(part.id, state)
          break
        case 'diagram':
          this.report.notKept('diagram-dropped', (n) => `${plural(n, 'SmartArt diagram')} dropped`)
          break
        case 'embedded-object':
          this.report.notKept(
            'embedded-object-preview',
            (n) =>
              `${plural(n, 'embedded object')} (spreadsheet, chart…) kept as ${n === 1 ? 'its' : 'their'} preview picture only`,
          )
          break
      }
    }
  }

  protected picture(id: string, alt: string, out: Element, state: InlineState): void {
    const node = this.pictures.picture(this.relationships.get(id), alt)
    if (node === undefined) return
    state.first = false
    appendNode(out, node)
  }

  protected textBox(content: Element, state: InlineState): void {
    const box = element('div')
    this.blocks(content, box)
    if (box.children.length > 0) state.floats.push(box)
  }

  protected chart(id: string | undefined, state: InlineState): void {
    const relationship = id === undefined ? undefined : this.relationships.get(id)
    if (relationship === undefined || relationship.external) return
    if (!this.charts.has(relationship.target)) {
      const xml = this.parts.archive.text(relationship.target)
      this.charts.set(
        relationship.target,
        xml === undefined ? undefined : chartTable(parseXmlPart(xml, relationship.target, this.parts.budget)),
      )
    }
    const table = this.charts.get(relationship.target)
    if (table === undefined) {
      this.report.notKept('chart-dropped', (n) => `${plural(n, 'chart')} without data dropped`)
      return
    }
    this.report.notKept(
      'chart-as-table',
      (n) =>
        `${plural(n, 'chart')} kept as ${n === 1 ? 'its data table' : 'their data tables'} (the drawing itself is not kept)`,
    )
    state.floats.push(element('div', {}, table))
  }

  // ---- notes ------------------------------------------------------------------------------

  protected noteReference(reference: Element, out: Element): void {
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
    appendNode(out, element('a', { href: `#${anchor}`, role: 'doc-noteref' }, [String(this.notes.length)]))
  }
}

export interface InlineState {
  floats: Node[]
  text: string
  monospaceOnly: boolean
  sawText: boolean
  checkbox: boolean | undefined
  /** Nothing written yet: a checkbox here marks the paragraph a task. */
  first: boolean
  styleMonospace: boolean
}

/** A content control that is a checkbox: whether it is ticked. */
function checkboxOf(sdt: Element): boolean | undefined {
  const box = child(child(sdt, 'w:sdtPr'), 'w14:checkbox')
  if (box === undefined) return undefined
  const value = child(box, 'w14:checked')?.attribs['w14:val']
  return value === '1' || value === 'true'
}
