import { appendNode, element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { child, childrenNamed } from '../shared/xml-tree.js'

/** One paragraph of a text body: its inline content, and its list level when it is a bullet or number. */
export interface Paragraph {
  inline: Node[]
  list: { level: number; ordered: boolean } | undefined
}

/** A run's text with its emphasis (`a:rPr b="1" i="1"`) and link (`a:hlinkClick`). */
function runContent(run: Element, links: (id: string) => string | undefined): Node | undefined {
  const text = childrenNamed(run, 'a:t')
    .map((t) => t.children.filter((c): c is string => typeof c === 'string').join(''))
    .join('')
  if (text === '') return undefined
  const properties = child(run, 'a:rPr')
  let node: Node = text
  if (properties?.attribs.i === '1' || properties?.attribs.i === 'true') node = element('em', {}, [node])
  if (properties?.attribs.b === '1' || properties?.attribs.b === 'true') node = element('strong', {}, [node])
  const link = child(properties, 'a:hlinkClick')?.attribs['r:id']
  const href = link === undefined ? undefined : links(link)
  return href === undefined ? node : element('a', { href }, [node])
}

/**
 * A DrawingML text body's paragraphs (`a:p`), with their bullets: a bullet or number the
 * paragraph sets (`a:buChar`, `a:buAutoNum`) makes it a list item at its level (`lvl`); `a:buNone`
 * keeps it a paragraph; otherwise `bulleted` — what a body placeholder inherits from the master —
 * decides.
 */
export function paragraphsOf(
  body: Element | undefined,
  bulleted: boolean,
  links: (id: string) => string | undefined,
): Paragraph[] {
  const paragraphs: Paragraph[] = []
  for (const p of childrenNamed(body, 'a:p')) {
    const inline: Node[] = []
    for (const part of p.children) {
      if (typeof part === 'string') continue
      if (part.name === 'a:r' || part.name === 'a:fld') {
        const content = runContent(part, links)
        if (content !== undefined) inline.push(content)
      } else if (part.name === 'a:br') inline.push(element('br'))
    }
    if (inline.length === 0) continue
    const properties = child(p, 'a:pPr')
    const level = Math.min(8, Number(properties?.attribs.lvl ?? 0) || 0)
    const numbered = child(properties, 'a:buAutoNum') !== undefined
    const set = numbered || child(properties, 'a:buChar') !== undefined || child(properties, 'a:buBlip') !== undefined
    const none = child(properties, 'a:buNone') !== undefined
    const list = !none && (set || bulleted) ? { level, ordered: numbered } : undefined
    paragraphs.push({ inline, list })
  }
  return paragraphs
}

/** Paragraphs into blocks: runs of list paragraphs become one nested list, by level. */
export function appendParagraphs(parent: Element, paragraphs: Paragraph[]): void {
  let stack: Element[] = []
  for (const paragraph of paragraphs) {
    if (paragraph.list === undefined) {
      stack = []
      appendNode(parent, element('p', {}, paragraph.inline))
      continue
    }
    const { level, ordered } = paragraph.list
    const depth = Math.min(level, stack.length)
    stack = stack.slice(0, depth + 1)
    let list = stack[depth]
    if (list === undefined || (list.name === 'ol') !== ordered) {
      list = element(ordered ? 'ol' : 'ul')
      const owner = depth === 0 ? parent : lastItem(stack[depth - 1] as Element)
      appendNode(owner ?? parent, list)
      stack[depth] = list
      stack = stack.slice(0, depth + 1)
    }
    appendNode(list, element('li', {}, paragraph.inline))
  }
}

function lastItem(list: Element): Element | undefined {
  for (let i = list.children.length - 1; i >= 0; i--) {
    const node = list.children[i]
    if (typeof node !== 'string' && node?.name === 'li') return node
  }
  return undefined
}
