import type { NumberedItem } from './numbering.js'
import { appendNode, element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { appendAll } from '../../arrays.js'

/**
 * Where a body's blocks are written, grouping what Word keeps as separate paragraphs: list
 * items into nested lists, code lines into one code block. Empty paragraphs (Word's spacing)
 * do not end a list.
 */
export class BlockSink {
  /** Open lists, outermost first: the depth (ilvl) each one is at. */
  private lists: Array<{ ilvl: number; list: Element; ordered: boolean; item?: Element }> = []
  private code: string[] | undefined

  constructor(
    private readonly out: Element,
    /** In a table cell: HTML there has no task items, so a box is written as `[x]` text. */
    private readonly inCell: boolean,
  ) {}

  block(node: Node): void {
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
    appendAll(this.code, line.split('\n'))
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
      const list = element(
        ordered ? 'ol' : 'ul',
        ordered && item !== undefined && item.number !== 1 ? { start: String(item.number) } : {},
      )
      if (top === undefined) appendNode(this.out, list)
      else {
        if (top.item === undefined) {
          top.item = element('li')
          appendNode(top.list, top.item)
        }
        appendNode(top.item, list)
      }
      top = { ilvl: depth, list, ordered }
      this.lists.push(top)
    }
    const li = element('li')
    if (checkbox !== undefined)
      appendNode(
        li,
        this.inCell
          ? checkbox
            ? '[x] '
            : '[ ] '
          : element('input', checkbox ? { type: 'checkbox', checked: '' } : { type: 'checkbox' }),
      )
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
    if (this.code.length > 0) appendNode(this.out, element('pre', {}, [element('code', {}, [this.code.join('\n')])]))
    this.code = undefined
  }

  close(): void {
    this.closeCode()
    this.closeLists()
  }
}
