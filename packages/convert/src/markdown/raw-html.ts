import { ignoredElements } from './elements.js'
import { isBacklink } from './footnotes.js'
import { isSafeLink, linkTarget, reportUnsafeLink } from './links.js'
import { pictureSource } from './pictures.js'
import type { BlockWriter } from './writing.js'
import { collapseWhitespace, escapeAttribute, escapeHtml } from './escape.js'
import type { Element } from '../tree/model.js'
import { isElement, isText, textOf } from '../tree/query.js'

/**
 * What GitHub cannot say in Markdown, written as HTML inside it: tables with merged cells,
 * several paragraphs, lists or other tables in a cell. Only structure and text survive —
 * no classes, styles or scripts — and nothing of it spans a blank line, which would end the HTML
 * block. Tags outside this list are unwrapped (their content kept).
 */
const kept: Record<string, string[]> = {
  table: [],
  caption: [],
  thead: [],
  tbody: [],
  tfoot: [],
  tr: [],
  colgroup: [],
  col: ['span'],
  th: ['colspan', 'rowspan', 'scope'],
  td: ['colspan', 'rowspan'],
  p: [],
  br: [],
  hr: [],
  div: [],
  blockquote: [],
  pre: [],
  ul: [],
  ol: ['start', 'type'],
  li: [],
  dl: [],
  dt: [],
  dd: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  strong: [],
  em: [],
  code: [],
  sub: [],
  sup: [],
  s: [],
  del: [],
  ins: [],
  kbd: [],
  mark: [],
  a: ['href', 'title'],
  img: ['src', 'alt', 'title'],
}
const renamed: Record<string, string> = {
  b: 'strong',
  i: 'em',
  strike: 's',
  tt: 'code',
  samp: 'code',
  var: 'em',
  cite: 'em',
}
const voids = new Set(['br', 'hr', 'img', 'col'])
/** Whitespace between these elements' children is layout, not text. */
const structural = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'colgroup', 'ul', 'ol', 'dl'])

function attributes(name: string, element: Element, writer: BlockWriter): string | undefined {
  let written = ''
  for (const attribute of kept[name] ?? []) {
    let value = element.attribs[attribute]
    if (value === undefined) continue
    if (attribute === 'href' && !isSafeLink(value)) {
      reportUnsafeLink(writer.context.report)
      continue
    }
    if (attribute === 'href') value = linkTarget(value)
    if (name === 'img' && attribute === 'src') {
      const source = pictureSource(value, writer.context)
      if (source === undefined) return undefined
      writer.context.report.found('images')
      value = source.url
    }
    written += ` ${attribute}="${escapeAttribute(value)}"`
  }
  if (name === 'a' && element.attribs.href !== undefined && isSafeLink(element.attribs.href))
    writer.context.report.found('links')
  return written
}

/** An element and its content as clean HTML on one line. */
export function rawHtml(element: Element, writer: BlockWriter): string {
  if (ignoredElements.has(element.name) || isBacklink(element)) return ''
  const note = element.name === 'a' ? writer.footnotes.noteOf(element) : undefined
  if (note !== undefined) {
    writer.context.report.found('footnotes')
    return `[^${writer.footnotes.numberOf(note)}]`
  }
  const equation = writer.equation(element)
  if (equation !== undefined) return escapeHtml(equation.replace(/\n/g, ' '))
  if (element.name === 'pre')
    return `<pre>${escapeHtml(textOf(element).replace(/^\n/, '')).replace(/\n/g, '&#10;')}</pre>`
  const name = renamed[element.name] ?? element.name
  let content = ''
  for (const child of element.children) {
    if (isText(child)) {
      if (!structural.has(element.name) || child.trim() !== '') content += escapeHtml(collapseWhitespace(child))
    } else if (isElement(child)) content += rawHtml(child, writer)
  }
  if (kept[name] === undefined) return content
  const attrs = attributes(name, element, writer)
  if (attrs === undefined) return escapeHtml(element.attribs.alt ?? '')
  if (name === 'table') writer.context.report.found('tables')
  return voids.has(name) ? `<${name}${attrs}>` : `<${name}${attrs}>${content.trim()}</${name}>`
}
