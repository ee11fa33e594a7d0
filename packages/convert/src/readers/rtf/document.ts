import { plural, type ConversionReporter } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { appendAll } from '../../arrays.js'

/** Character formatting flags of a run. */
export const BOLD = 1
export const ITALIC = 2
export const STRIKE = 4
export const SUP = 8
export const SUB = 16

export interface Run {
  node: Node
  flags: number
  href: string | undefined
}

/** What a paragraph is, from its properties when `\par` ends it. */
export interface ParagraphKind {
  heading: number
  /** 1-based list level, 0 when not a list item. */
  listLevel: number
  numbered: boolean
  inTable: boolean
}

const wrappers: Array<[number, string]> = [
  [SUP, 'sup'],
  [SUB, 'sub'],
  [STRIKE, 'del'],
  [ITALIC, 'em'],
  [BOLD, 'strong'],
]

/** Runs grouped by link, then by formatting, into the tree's text-level elements. */
function inline(runs: Run[]): Node[] {
  const out: Node[] = []
  let i = 0
  while (i < runs.length) {
    const { flags, href } = runs[i] as Run
    const children: Node[] = []
    while (i < runs.length && (runs[i] as Run).flags === flags && (runs[i] as Run).href === href)
      children.push((runs[i++] as Run).node)
    let wrapped: Node[] = children
    for (const [bit, name] of wrappers) if ((flags & bit) !== 0) wrapped = [element(name, {}, wrapped)]
    appendAll(out, href === undefined || href === '' ? wrapped : [element('a', { href }, wrapped)])
  }
  return out
}

/**
 * Where an RTF document's paragraphs go — the body, or a footnote's own flow — and how they
 * become blocks: headings, paragraphs, list items nested by level, table cells and rows.
 */
export class Flow {
  runs: Run[] = []
  private readonly lists: Array<{ list: Element; level: number }> = []
  private table: Element | undefined
  private row: Element[] = []
  private cell: Element = element('td')

  constructor(
    readonly container: Element,
    private readonly budget: { elements: number; max: number },
  ) {}

  private count(): void {
    if (++this.budget.elements > this.budget.max)
      throw new ConversionInputError(
        `the RTF file has more than ${this.budget.max.toLocaleString('en')} paragraphs and runs, more than a conversion can hold in memory; it cannot be converted`,
      )
  }

  /** Ends a paragraph (`\par`): into a cell when it is in a table, else into the flow. */
  paragraph(kind: ParagraphKind): void {
    const runs = this.runs
    this.runs = []
    while (
      runs.length > 0 &&
      isElement(runs[runs.length - 1]?.node) &&
      (runs[runs.length - 1]?.node as Element).name === 'br'
    )
      runs.pop()
    const empty = runs.every((run) => typeof run.node === 'string' && run.node.trim() === '')
    if (kind.inTable) {
      if (empty) return
      if (kind.listLevel === 0) return appendNode(this.cell, element('p', {}, inline(runs)))
      // A list in a cell: one level, items of one kind joined.
      const name = kind.numbered ? 'ol' : 'ul'
      let list = this.cell.children[this.cell.children.length - 1]
      if (!isElement(list) || list.name !== name) {
        list = element(name)
        appendNode(this.cell, list)
      }
      appendNode(list, element('li', {}, inline(runs)))
      return
    }
    this.endTable()
    if (empty) return
    this.count()
    // A heading's own bold is the heading's, not emphasis to keep.
    const content = inline(kind.heading > 0 ? runs.map((run) => ({ ...run, flags: run.flags & ~BOLD })) : runs)
    if (kind.listLevel > 0 && kind.heading === 0) {
      this.listItem(kind, content)
      return
    }
    this.lists.length = 0
    appendNode(this.container, element(kind.heading > 0 ? `h${kind.heading}` : 'p', {}, content))
  }

  private listItem(kind: ParagraphKind, content: Node[]): void {
    const name = kind.numbered ? 'ol' : 'ul'
    while (this.lists.length > 0 && (this.lists[this.lists.length - 1] as { level: number }).level > kind.listLevel)
      this.lists.pop()
    let top = this.lists[this.lists.length - 1]
    if (top !== undefined && top.level === kind.listLevel && top.list.name !== name) {
      this.lists.pop()
      top = this.lists[this.lists.length - 1]
    }
    if (top === undefined || top.level < kind.listLevel) {
      const list = element(name)
      const parent =
        top === undefined
          ? this.container
          : ((top.list.children[top.list.children.length - 1] as Element | undefined) ?? top.list)
      appendNode(parent, list)
      top = { list, level: kind.listLevel }
      this.lists.push(top)
    }
    appendNode(top.list, element('li', {}, content))
  }

  /** `\cell`: the paragraph so far ends the cell. */
  endCell(kind: ParagraphKind): void {
    this.paragraph({ ...kind, inTable: true })
    this.count()
    this.row.push(this.cell)
    this.cell = element('td')
  }

  /** `\row`: the cells so far are a row; `merged[i]` says a cell continues the one before it (`\clmrg`). */
  endRow(merged: boolean[]): void {
    if (this.runs.length > 0) this.endCell({ heading: 0, listLevel: 0, numbered: false, inTable: true })
    if (this.row.length === 0) return
    this.table ??= element('table', {}, [element('tbody')])
    const tr = element('tr')
    let previous: Element | undefined
    for (const [i, cell] of this.row.entries()) {
      if (merged[i] === true && previous !== undefined) {
        previous.attribs = { colspan: String(Number(previous.attribs.colspan ?? '1') + 1) }
        for (const child of cell.children) appendNode(previous, child)
        continue
      }
      appendNode(tr, cell)
      previous = cell
    }
    appendNode(this.table.children[0] as Element, tr)
    this.row = []
    this.lists.length = 0
  }

  /** A table ends at the first paragraph outside it, or at the end of the flow. */
  endTable(): void {
    if (this.row.length > 0) this.endRow([])
    if (this.table === undefined) return
    appendNode(this.container, this.table)
    this.table = undefined
  }

  /** The end of the document or of a footnote: what is pending is written. */
  finish(kind: ParagraphKind): void {
    if (this.runs.length > 0) this.paragraph(kind)
    this.endTable()
  }
}

/** Reports header and footer groups that said something. */
export function reportFurniture(report: ConversionReporter): void {
  report.notKept(
    'page-header-footer-dropped',
    (n) => `${plural(n, 'page header or footer', 'page headers and footers')} left out (they repeat on every page)`,
  )
}
