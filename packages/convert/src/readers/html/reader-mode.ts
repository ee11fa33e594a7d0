import { elementBound, type ConversionLimits } from '../../context/limits.js'
import type { Document, Node } from '../../tree/model.js'

/**
 * What reader mode's DOM (linkedom's nodes, then Readability's scoring and its article's HTML)
 * costs an element of the page, in bytes of real memory: measured at ~1 KB (ADR 102), twice
 * that for room. The page's own tree is freed before that DOM is built, so the two never add up.
 */
const READER_MODE_BYTES_PER_ELEMENT = 2048

/** Why reader mode is not tried on a page: it has nothing an article is made of, or it is too large. */
export type ReaderModeSkip = 'no-article-elements' | 'too-large'

/**
 * Whether reader mode may run on a page parsed whole. Readability only keeps pages with
 * paragraphs, preformatted text, a `<div>` of `<br>` lines or marked main content: a page
 * without any (a data table, a list of links) converts whole without building its DOM. A page
 * whose DOM would not fit the conversion's memory beside the writer's work converts whole too.
 */
export function readerModeSkip(
  tree: Document,
  htmlLength: number,
  limits: ConversionLimits,
): ReaderModeSkip | undefined {
  if (htmlLength > limits.mainContentMaxBytes) return 'too-large'
  const most = elementBound(limits, READER_MODE_BYTES_PER_ELEMENT)
  let elements = 0
  let candidate = false
  const stack: Node[] = [...tree.children]
  while (stack.length > 0) {
    const node = stack.pop() as Node
    if (typeof node === 'string') continue
    if (++elements > most) return 'too-large'
    if (!candidate) {
      const name = node.name
      candidate =
        name === 'p' ||
        name === 'pre' ||
        name === 'article' ||
        name === 'main' ||
        node.attribs.role === 'main' ||
        (name === 'div' && node.children.some((child) => typeof child !== 'string' && child.name === 'br'))
    }
    for (const child of node.children) stack.push(child)
  }
  return candidate ? undefined : 'no-article-elements'
}
