import { appendNode, element } from '../../tree/build.js'
import type { Node } from '../../tree/model.js'
import { isText, textOf } from '../../tree/query.js'

/**
 * A line's text-level content in the document tree: text, and links (`a[href]`) where a link
 * annotation covers it. Lines of one paragraph, item or cell are joined into one such list.
 */
export type Inline = Node[]

/** Adds `nodes` to a new element's children (text joined to text). */
export function inlineElement(name: string, nodes: Inline, attribs: Record<string, string> = {}) {
  const built = element(name, attribs)
  for (const node of nodes) appendNode(built, node)
  return built
}

/** The plain text of inline content. */
export const plainText = (nodes: Inline) => nodes.map((node) => (isText(node) ? node : textOf(node))).join('')

/**
 * Two lines of one paragraph: a word broken by a hyphen at the end of a line is one word again,
 * anything else is joined by a space.
 */
export function joinInline(left: Inline, right: Inline): Inline {
  const last = left.at(-1)
  const first = right[0]
  if (isText(last) && isText(first) && /\p{Ll}-$/u.test(last) && /^\p{Ll}/u.test(first))
    return [...left.slice(0, -1), last.slice(0, -1) + first, ...right.slice(1)]
  return [...left, ' ', ...right]
}

/** Inline content joined with a space between each piece (a table cell's lines). */
export const joinWithSpaces = (pieces: Inline[]): Inline =>
  pieces.flatMap((piece, i) => (i === 0 ? piece : [' ', ...piece]))

/** `nodes` without what `pattern` (anchored at the start) matches in its first text. */
export function withoutLeading(nodes: Inline, pattern: RegExp): Inline {
  const first = nodes[0]
  if (!isText(first)) return nodes
  const rest = first.replace(pattern, '')
  return rest === '' ? nodes.slice(1) : [rest, ...nodes.slice(1)]
}

/** Runs of blanks made one space, and none at either end. */
export function collapsed(nodes: Inline): Inline {
  const out: Inline = []
  for (const node of nodes) {
    if (!isText(node)) {
      out.push(node)
      continue
    }
    const text = node.replace(/\s+/g, ' ')
    const previous = out.at(-1)
    if (isText(previous)) out[out.length - 1] = previous + text
    else if (text !== '') out.push(text)
  }
  const first = out[0]
  if (isText(first)) out[0] = first.trimStart()
  const last = out.at(-1)
  if (isText(last)) out[out.length - 1] = last.trimEnd()
  return out.filter((node) => node !== '')
}
