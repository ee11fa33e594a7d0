import type { ConversionContext } from '../../context/context.js'
import { appendNode, documentRoot } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { decodeText } from '../text/decode.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { fencedBlock } from '../shared/fenced.js'
import { parseXml, XmlBudget } from '../shared/xml-tree.js'

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escapeAttribute = (text: string) => escapeText(text).replace(/"/g, '&quot;')

/**
 * XML (other than feeds, read first): parsed with the engine's bounded XML parser (depth and
 * element budget, readers/shared/xml-tree.ts) and pretty-printed — an element a line, indented
 * by depth, text kept on its element's line — in a fenced block bounded by
 * `limits.structuredMaxChars`. Comments and processing instructions are not kept.
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    const tree = parseXml(decodeText(bytes), 'the XML', new XmlBudget(context.limits), {
      label: 'XML',
      textElements: new Set(),
    })
    const lines: string[] = []
    for (const node of tree.children) if (isElement(node)) print(node, 0, lines, context.limits.structuredMaxChars)
    const root = documentRoot()
    appendNode(
      root,
      fencedBlock(
        lines.join('\n'),
        'xml',
        context.limits.structuredMaxChars,
        context.report,
        'structured-data-truncated',
        'XML',
      ),
    )
    return { tree: root }
  },
}

/** Appends `element` as indented lines, stopping a little past `budget` characters (the block cuts it). */
function print(element: Element, depth: number, lines: string[], budget: number, written = { chars: 0 }): void {
  if (written.chars > budget * 2) return
  const indent = '  '.repeat(depth)
  const open = `<${element.name}${Object.entries(element.attribs)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('')}`
  const push = (line: string) => {
    lines.push(line)
    written.chars += line.length + 1
  }
  if (element.children.length === 0) return push(`${indent}${open}/>`)
  if (element.children.every((child) => typeof child === 'string'))
    return push(`${indent}${open}>${escapeText((element.children as string[]).join('').trim())}</${element.name}>`)
  push(`${indent}${open}>`)
  for (const child of element.children) {
    if (typeof child === 'string') {
      if (child.trim() !== '') push(`${indent}  ${escapeText(child.trim())}`)
    } else print(child, depth + 1, lines, budget, written)
  }
  push(`${indent}</${element.name}>`)
}
