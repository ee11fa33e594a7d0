import type { Element, Node } from './model.js'

/** One frozen object for every element without attributes (most of a document's): memory, not copies. */
export const noAttributes: Record<string, string> = Object.freeze({}) as Record<string, string>

/** Adds a node at the end of `parent`, joining text to the text before it. */
export function appendNode(parent: Element, node: Node): void {
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

/** An element of the tree, its children's parent set. */
export function element(name: string, attribs: Record<string, string> = {}, children: Node[] = []): Element {
  const built: Element = { name, attribs, children: [], parent: null }
  for (const node of children) appendNode(built, node)
  return built
}

/** Appends a new element to `parent` and returns it; attribute-less ones share {@link noAttributes}. */
export function appendElement(parent: Element, name: string, attributes: Record<string, string>): Element {
  let attribs = noAttributes
  for (const _ in attributes) {
    attribs = attributes
    break
  }
  const appended: Element = { name, attribs, children: [], parent }
  parent.children.push(appended)
  return appended
}

/** A new, empty document. */
export const documentRoot = (): Element => ({ name: '#document', attribs: noAttributes, children: [], parent: null })
