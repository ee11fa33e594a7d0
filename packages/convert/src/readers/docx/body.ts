import { plural } from '../../context/report.js'
import { appendNode, element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { BlockSink } from './block-sink.js'
import { FieldStack } from './fields.js'
import { onlyMath } from './math.js'
import { readRelationships } from './relationships.js'
import { DocxRunReader } from './runs.js'
import { readTable } from './table.js'
import { child, valueOf } from './xml.js'

/** Text that looks like program code, for paragraphs set wholly in a monospaced font. */
const codeLike =
  /[;{}()[\]=<>#$\\|`]|^\s{2,}\S|=>|:=|\b(def|import|return|select|from|class|function|var|let|const|print|printf|echo|sudo)\b/i
const checkboxChars = /^\s*([☐☑☒□■✓✔✗✘])\s*/
const checked = new Set(['☑', '☒', '■', '✓', '✔', '✗', '✘'])

/** A paragraph as the body walk sees it before writing it. */
interface ReadParagraph {
  content: Element
  /** Blocks the paragraph anchors (text boxes, shapes' text, charts): written after it, in order. */
  floats: Node[]
  text: string
  monospaceOnly: boolean
  checkbox: boolean | undefined
}

/**
 * Walks a WordprocessingML body (the document, or one note) and builds the document tree: headings (numbered ones with their number), nested lists from Word's
 * numbering, task items, tables with their merged cells as colspan/rowspan, code blocks,
 * pictures as assets, equations as LaTeX, notes as footnotes, text boxes after the paragraph
 * that anchors them. Everything it cannot keep is counted in the report. Runs, equations,
 * pictures and notes: runs.ts.
 */
export class DocxBodyReader extends DocxRunReader {
  /** Runs `read` with another part's relationships (a note part's) and fields of its own. */
  readIn<T>(part: string, read: () => T): T {
    const saved = { relationships: this.relationships, fields: this.fields }
    this.relationships = readRelationships(this.parts.archive, part, this.parts.budget)
    this.fields = new FieldStack()
    try {
      return read()
    } finally {
      this.relationships = saved.relationships
      this.fields = saved.fields
    }
  }

  /** The blocks of a body, cell, note or text box, written into `out`. */
  override blocks(container: Element, out: Element): void {
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
          sink.block(
            readTable(
              node,
              (tc, cell) => {
                this.cellDepth++
                try {
                  this.blocks(tc, cell)
                } finally {
                  this.cellDepth--
                }
              },
              () => this.deleted(),
            ),
          )
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
          this.report.notKept(
            'imported-content-dropped',
            (n) => `${plural(n, 'imported document part')} (altChunk) dropped`,
          )
          break
      }
    }
  }

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
      const heading = element(`h${level}`)
      if (item !== undefined && item.label !== '') appendNode(heading, `${item.label} `)
      for (const node of read.content.children) appendNode(heading, node)
      sink.block(heading)
    } else if (style.code || (read.monospaceOnly && codeLike.test(read.text))) {
      sink.codeLine(codeText(read.content))
      this.report.found('paragraphs')
    } else if (item !== undefined || read.checkbox !== undefined) {
      sink.item(item, ilvl, read.content, read.checkbox)
    } else if (this.cellDepth === 0 && onlyMath(p)) {
      for (const node of read.content.children)
        sink.block(
          isElement(node) && node.name === 'span'
            ? element('span', { class: 'math display' }, node.children)
            : element('p', {}, [node]),
        )
    } else {
      const paragraph = element('p', {}, read.content.children)
      sink.block(paragraph)
      this.report.found('paragraphs')
    }
    for (const float of read.floats) sink.block(float)
  }

  /** A paragraph's text-level content, the blocks it anchors, and what it looks like. */
  private readParagraph(p: Element, styleMonospace: boolean): ReadParagraph {
    const content = element('p')
    const state = {
      floats: [] as Node[],
      text: '',
      monospaceOnly: true,
      sawText: false,
      checkbox: undefined as boolean | undefined,
      first: true,
      styleMonospace,
    }
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
    return {
      content,
      floats: state.floats,
      text: state.text,
      monospaceOnly: state.sawText && state.monospaceOnly,
      checkbox: state.checkbox,
    }
  }

  /** Where runs are written: the innermost open HYPERLINK field's link, or `out`. */
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
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Node)
  }
  return text
}
