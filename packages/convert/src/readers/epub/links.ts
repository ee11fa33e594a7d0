import { plural, type ConversionReporter } from '../../context/report.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement, textOf } from '../../tree/query.js'

/** A link from one chapter to a place in the book: resolved once every chapter is in the tree. */
export interface BookLink {
  link: Element
  /** `Text/chapter2.xhtml#sec`, or the chapter's path alone. */
  target: string
}

/**
 * GitHub's heading anchor for `text` (github-slugger's rule): lower case, everything but letters,
 * marks, numbers, connectors, spaces and hyphens dropped, spaces made hyphens; a repeated one
 * gets `-1`, `-2`… in document order.
 */
function slug(text: string, seen: Map<string, number>): string {
  const base = text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
  const count = seen.get(base)
  seen.set(base, (count ?? 0) + 1)
  return count === undefined ? base : `${base}-${count}`
}

const isHeading = (node: Node): node is Element => isElement(node) && /^h[1-6]$/.test(node.name)

/**
 * Points every link between chapters at the heading it lands on in the one Markdown document:
 * the target element's own heading, the first heading inside it (a chapter, a section), or the
 * last heading before it. A target the book does not have, or one before any heading, keeps the
 * link's text only (reported).
 */
export function resolveBookLinks(
  root: Element,
  links: BookLink[],
  targets: Map<string, Element>,
  report: ConversionReporter,
): void {
  if (links.length === 0) return
  const order = new Map<Element, number>()
  const headings: Array<{ index: number; anchor: string; element: Element }> = []
  const seen = new Map<string, number>()
  const stack: Node[] = [root]
  let index = 0
  while (stack.length > 0) {
    const node = stack.pop() as Node
    if (!isElement(node)) continue
    order.set(node, index)
    if (isHeading(node)) headings.push({ index, anchor: slug(textOf(node), seen), element: node })
    index++
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Node)
  }
  const headingOf = new Map(headings.map((h) => [h.element, h.anchor]))
  for (const { link, target } of links) {
    const element = targets.get(target) ?? targets.get(target.split('#')[0] as string)
    const at = element === undefined ? undefined : order.get(element)
    let anchor: string | undefined
    if (element !== undefined && at !== undefined) {
      anchor = headingOf.get(element)
      if (anchor === undefined) {
        // The first heading inside the target, else the last one before it.
        const inside = headings.find((h) => h.index > at && isInside(h.element, element))
        anchor = inside?.anchor ?? lastBefore(headings, at)?.anchor
      }
    }
    if (anchor !== undefined) {
      link.attribs = { ...link.attribs, href: `#${anchor}` }
      continue
    }
    const { href: _dropped, ...rest } = link.attribs
    link.attribs = rest
    report.notKept(
      'link-internal-dropped',
      (n) => `${plural(n, 'link')} to a place in the book the Markdown has no heading for kept as text`,
    )
  }
}

function isInside(node: Element, container: Element): boolean {
  for (let current: Element | null = node; current !== null; current = current.parent)
    if (current === container) return true
  return false
}

function lastBefore<T extends { index: number }>(sorted: T[], index: number): T | undefined {
  let low = 0
  let high = sorted.length - 1
  let found: T | undefined
  while (low <= high) {
    const mid = (low + high) >> 1
    const entry = sorted[mid] as T
    if (entry.index < index) {
      found = entry
      low = mid + 1
    } else high = mid - 1
  }
  return found
}
