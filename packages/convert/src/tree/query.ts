import type { Element, Node } from './model.js'

export const isElement = (node: Node | null | undefined): node is Element => typeof node === 'object' && node !== null
export const isText = (node: Node | null | undefined): node is string => typeof node === 'string'

/** Lower-cased class names of an element. */
export function classesOf(element: Element): string[] {
  return (element.attribs.class ?? '').toLowerCase().split(/\s+/).filter(Boolean)
}

export const hasClass = (element: Element, name: string) => classesOf(element).includes(name)

/** The text of a subtree as written (for code and math; `<br>` is a line break), without recursion: its depth is bounded but its size is not. */
export function textOf(node: Node): string {
  if (isText(node)) return node
  let text = ''
  const stack: Node[] = [node]
  while (stack.length > 0) {
    const current = stack.pop() as Node
    if (isText(current)) text += current
    else if (current.name === 'br') text += '\n'
    else for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as Node)
  }
  return text
}

/** Element children only. */
export const childElements = (element: Element): Element[] => element.children.filter(isElement)

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * An element as XML (an inline `<svg>` as a file of its own, MathML for its translator); `rename`
 * gives element and attribute names back the case HTML parsing took from them.
 */
export function toXml(element: Element, rename: (name: string) => string = (name) => name): string {
  const name = rename(element.name)
  let attributes = ''
  for (const [attribute, value] of Object.entries(element.attribs))
    attributes += ` ${rename(attribute)}="${escapeXml(value).replace(/"/g, '&quot;')}"`
  if (element.children.length === 0) return `<${name}${attributes}/>`
  let content = ''
  for (const child of element.children) content += isText(child) ? escapeXml(child) : toXml(child, rename)
  return `<${name}${attributes}>${content}</${name}>`
}
