import type { Element, Node } from './html-dom.js'

/** A node of the HTML tree the DOCX stage builds for the HTML stage's writer. */
export type HtmlNode = Node

/** Adds a node at the end of `parent`, joining text to the text before it. */
export function appendNode(parent: Element, node: HtmlNode): void {
  const children = parent.children
  if (typeof node === 'string') {
    if (node === '') return
    const last = children.length - 1
    if (last >= 0 && typeof children[last] === 'string') children[last] += node
    else children.push(node)
    return
  }
  node.parent = parent
  children.push(node)
}

/** An element of the HTML tree, its children's parent set. */
export function htmlElement(name: string, attribs: Record<string, string> = {}, children: HtmlNode[] = []): Element {
  const element: Element = { name, attribs, children: [], parent: null }
  for (const node of children) appendNode(element, node)
  return element
}
