// domino gives turndown a DOM: its types are the standard ones, wherever this file is compiled.
/// <reference lib="dom" />
/// <reference path="../../types/vendor.d.ts" />
import { gfm } from '@joplin/turndown-plugin-gfm'
import { createDocument } from '@mixmark-io/domino'
import TurndownService from 'turndown'
import type { ConversionContext } from '../conversion-context.js'
import { ConversionInputError } from '../input-error.js'
import { gfmTables } from './html-tables.js'
import { normalizeMarkdown } from './text.js'

/** Elements whose content is never part of the document's text. */
const dropped = ['script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'head', 'title', 'meta', 'link', 'form', 'button', 'input', 'select', 'textarea', 'svg', 'canvas', 'video', 'audio']

/** turndown recurses per element: past this depth a document is refused instead of crashing the stack. */
const MAX_DEPTH = 400

const itemIndexes = new WeakMap<Element, Map<Node, number>>()

/** A list item's position among its list's children, every list indexed once (not once per item). */
function itemIndex(list: Element, item: Node): number {
  let indexes = itemIndexes.get(list)
  if (indexes === undefined) {
    indexes = new Map(Array.from(list.children, (child, i) => [child as Node, i]))
    itemIndexes.set(list, indexes)
  }
  return indexes.get(item) ?? 0
}

function createTurndown(): TurndownService {
  const service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*', strongDelimiter: '**' })
  service.use(gfm)
  // After the plugin: these replace its table rules (turndown prefers the rules added last).
  gfmTables(service)
  service.remove(dropped as Array<keyof HTMLElementTagNameMap>)
  // Images are referenced, never inlined: a data: URL (or none) leaves only its description.
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const element = node as HTMLElement
      const src = element.getAttribute('src')?.trim() ?? ''
      const alt = (element.getAttribute('alt') ?? '').replace(/[\r\n]+/g, ' ').trim()
      if (src === '' || /^data:/i.test(src)) return alt ? `*[image: ${alt}]*` : ''
      return `![${service.escape(alt)}](${src.replace(/[()\s]/g, encodeURIComponent)})`
    },
  })
  // Links that would run code keep their text only.
  service.addRule('unsafeLink', {
    filter: (node) => node.nodeName === 'A' && /^\s*(javascript|vbscript|data):/i.test(node.getAttribute('href') ?? ''),
    replacement: (content) => content,
  })
  // turndown's own list item, with one space after the marker ("- item", "1. item").
  service.addRule('listItem', {
    filter: 'li',
    replacement: (content, node, options) => {
      const parent = node.parentNode as HTMLElement | null
      let prefix = `${options.bulletListMarker} `
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? 1)
        prefix = `${start + itemIndex(parent, node)}. `
      }
      const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/gm, `\n${' '.repeat(prefix.length)}`)
      return prefix + body + (node.nextSibling && !/\n$/.test(body) ? '\n' : '')
    },
  })
  return service
}

const turndown = createTurndown()

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])
/** Elements whose end tag may be left out: unclosed ones must not count as nesting. */
const optionalEnd = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rtc', 'rp', 'html', 'head', 'body'])

/**
 * Nesting depth from the tags alone, in one pass. The HTML parser takes time quadratic in the
 * depth (15 s for 50 000 nested divs), so a hostile document is refused before it is parsed.
 *
 * Linear by construction: every character is looked at a bounded number of times. A regex over
 * the tags would backtrack to the end of the text from every `<` that no `>` closes.
 */
function scannedDepth(html: string): number {
  let depth = 0
  let max = 0
  let closer = -1
  for (let open = html.indexOf('<'); open !== -1; open = html.indexOf('<', open + 1)) {
    if (closer < open) {
      closer = html.indexOf('>', open)
      // No tag can end from here on: what is left is text to the parser.
      if (closer === -1) break
    }
    const end = /^(\/?)([a-zA-Z][\w:-]*)/.exec(html.slice(open + 1, Math.min(closer, open + 65)))
    if (end === null) continue
    const name = (end[2] as string).toLowerCase()
    const selfClosing = html.charCodeAt(closer - 1) === 47 // '/'
    open = closer
    if (voidElements.has(name) || optionalEnd.has(name)) continue
    if (end[1]) depth = Math.max(0, depth - 1)
    else if (!selfClosing) max = Math.max(max, ++depth)
  }
  return max
}

function depthOf(root: Element): number {
  let max = 0
  const stack: Array<[Element, number]> = [[root, 1]]
  while (stack.length > 0) {
    const [element, depth] = stack.pop() as [Element, number]
    if (depth > max) max = depth
    for (const child of Array.from(element.children)) stack.push([child, depth + 1])
  }
  return max
}

/** GitHub tables need a header row: a table without one (as from Word) uses its first row. */
function promoteHeaderRows(document: Document): void {
  for (const table of Array.from(document.querySelectorAll('table'))) {
    if (table.querySelector('th')) continue
    const first = table.querySelector('tr')
    if (!first) continue
    for (const cell of Array.from(first.children)) {
      const th = document.createElement('th')
      while (cell.firstChild) th.appendChild(cell.firstChild)
      first.replaceChild(th, cell)
    }
  }
}

/** HTML (an upload, or Word's content as mammoth renders it) to GitHub-flavoured Markdown. */
export function htmlToMarkdown(html: string, _context?: ConversionContext): string {
  const tooDeep = () => new ConversionInputError(`the HTML is nested more than ${MAX_DEPTH} levels deep; it cannot be converted`)
  if (scannedDepth(html) > MAX_DEPTH) throw tooDeep()
  const document = createDocument(html)
  const root = document.body ?? document.documentElement
  if (depthOf(root) > MAX_DEPTH) throw tooDeep()
  promoteHeaderRows(document)
  try {
    return normalizeMarkdown(turndown.turndown(root as unknown as TurndownService.Node))
  } catch (error) {
    if (error instanceof RangeError) throw new ConversionInputError('the HTML is too deeply nested to convert')
    throw error
  }
}
