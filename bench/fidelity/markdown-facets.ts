import type { Nodes, Root } from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { FacetCollector } from './facet-collector.js'
import type { Facets } from './facets.js'
import { collectHtml } from './html-facets.js'

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMath)

/** Nodes that are blocks when rendered: the words on either side of them are separate. */
const blocks = new Set([
  'blockquote',
  'break',
  'code',
  'footnoteDefinition',
  'paragraph',
  'table',
  'tableRow',
  'thematicBreak',
])

/** The facets of a Markdown document, parsed as GitHub renders it (GFM, `$` math, raw HTML). */
export function markdownFacets(markdown: string): Facets {
  const tree = parser.parse(markdown) as Root
  const definitions = new Map<string, string>()
  const gather = (node: Nodes) => {
    if (node.type === 'definition') definitions.set(node.identifier, node.url)
    if ('children' in node) for (const child of node.children) gather(child)
  }
  gather(tree)
  const collector = new FacetCollector()
  const walk = (node: Nodes): void => {
    const block = blocks.has(node.type)
    if (block) collector.boundary()
    switch (node.type) {
      case 'heading':
        collector.begin('heading')
        node.children.forEach(walk)
        collector.end('heading')
        break
      case 'list':
        collector.enterList()
        node.children.forEach(walk)
        collector.leaveList()
        break
      case 'listItem':
        collector.begin('item')
        node.children.forEach(walk)
        collector.end('item')
        break
      case 'tableCell':
        collector.begin('cell')
        node.children.forEach(walk)
        collector.end('cell')
        break
      case 'text':
      case 'inlineCode':
      case 'code':
        collector.text(node.value)
        break
      case 'html':
        collectHtml(node.value, collector)
        break
      case 'image':
        collector.picture(node.alt ?? '')
        break
      case 'imageReference':
        collector.picture(node.alt ?? '')
        break
      case 'link':
        collector.link(node.url)
        node.children.forEach(walk)
        break
      case 'linkReference':
        collector.link(definitions.get(node.identifier) ?? '')
        node.children.forEach(walk)
        break
      case 'inlineMath':
      case 'math':
        collector.equation(node.value)
        break
      case 'definition':
      case 'footnoteReference':
      case 'yaml':
        break
      default:
        if ('children' in node) (node.children as Nodes[]).forEach(walk)
    }
    if (block) collector.boundary()
  }
  walk(tree)
  return collector.done()
}
