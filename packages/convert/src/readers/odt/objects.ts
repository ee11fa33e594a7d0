import { appendNode, element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import { child, type XmlBudget } from '../shared/xml-tree.js'
import type { ZipArchive } from '../shared/zip-archive.js'
import type { EmbeddedObject } from './body.js'
import { parseOdfPart } from './xml.js'

/** An embedded object (`./Object 1`): a formula's MathML as the tree's `math` element, or a chart; `undefined` for another kind. */
export function embeddedObject(
  archive: ZipArchive,
  href: string,
  budget: XmlBudget,
  label: string,
): EmbeddedObject | undefined {
  const path = href.replace(/^\.\//, '').replace(/\/$/, '')
  if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined
  const xml = archive.text(`${path}/content.xml`)
  if (xml === undefined) return undefined
  const parsed = parseOdfPart(xml, `${path}/content.xml`, budget, label)
  const math = child(parsed, 'math:math')
  if (math !== undefined) return { math: toHtmlMath(math) }
  const root = child(parsed, 'office:document-content')
  const chart = child(child(child(root, 'office:body'), 'office:chart'), 'chart:chart')
  return chart === undefined ? undefined : { chart }
}

/** MathML as HTML writes it: `math:mi` → `mi`, annotations (StarMath source) left out. */
function toHtmlMath(node: Element): Element {
  const out = element(
    node.name.replace(/^math:/, ''),
    node.name === 'math:math' ? { display: 'inline' } : { ...node.attribs },
  )
  for (const part of node.children) {
    if (typeof part === 'string') appendNode(out, part)
    else if (part.name !== 'math:annotation' && part.name !== 'math:annotation-xml') appendNode(out, toHtmlMath(part))
  }
  return out
}
