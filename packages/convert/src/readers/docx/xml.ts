// The data that keeps a Word part's tree small and its names stable (two tables: the elements
// never read, the namespaces' prefixes); the parser itself is readers/shared/xml-tree.ts.
import type { Element } from '../../tree/model.js'
import { child, parseXml, type XmlBudget } from '../shared/xml-tree.js'

export { child, childrenNamed, descendant, MAX_XML_DEPTH, XmlBudget, xmlText } from '../shared/xml-tree.js'

/**
 * Elements never read: deleted text, the fallback copy of content Word also wrote in a newer form,
 * layout and typography the Markdown does not keep, tracked formatting changes, proofing marks.
 * They are not even kept while parsing — a real document is mostly these (every run repeats its
 * size, language and spacing), so skipping them keeps the tree, and the element bound, about the
 * text. (`w:rFonts`, `w:b`, `w:i`, `w:strike`, `w:vertAlign`, `w:vanish` are read.)
 */
const unread = new Set([
  'w:delText',
  'w:delInstrText',
  'mc:Fallback',
  'w:sectPr',
  'w:tblGrid',
  'w:rPrChange',
  'w:pPrChange',
  'w:tblPrChange',
  'w:tcPrChange',
  'w:trPrChange',
  'w:sectPrChange',
  'w:numberingChange',
  'w:sz',
  'w:szCs',
  'w:lang',
  'w:color',
  'w:kern',
  'w:noProof',
  'w:spacing',
  'w:ind',
  'w:jc',
  'w:tabs',
  'w:shd',
  'w:u',
  'w:highlight',
  'w:w',
  'w:position',
  'w:bCs',
  'w:iCs',
  'w:cs',
  'w:snapToGrid',
  'w:keepNext',
  'w:keepLines',
  'w:widowControl',
  'w:contextualSpacing',
  'w:proofErr',
  'w:bookmarkStart',
  'w:bookmarkEnd',
  'w:lastRenderedPageBreak',
  'w:permStart',
  'w:permEnd',
  'w:tcW',
  'w:tblW',
  'w:tcBorders',
  'w:tblBorders',
  'w:pBdr',
  'w:tblLook',
  'w:tblLayout',
  'w:tblInd',
  'w:tblCellMar',
  'w:tcMar',
  'w:trHeight',
  'w:vAlign',
  'w:adjustRightInd',
  'w:autoSpaceDE',
  'w:autoSpaceDN',
  'w:textAlignment',
  'w:suppressAutoHyphens',
  'w:webHidden',
  'w:effect',
  'w:eastAsianLayout',
  'a:xfrm',
  'a:prstGeom',
  'a:custGeom',
  'a:ln',
  'a:solidFill',
  'a:gradFill',
  'a:effectLst',
  'a:noFill',
  'wp:effectExtent',
  'wp:positionH',
  'wp:positionV',
  'wp:wrapPolygon',
])

/**
 * The prefixes this stage matches names by, per namespace (Transitional and Strict). A producer
 * may bind any prefix (or the default namespace) to these: names are rewritten to these
 * prefixes while parsing, so `<x:p xmlns:x="…wordprocessingml…">` reads as `w:p`.
 */
const canonicalPrefixes: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/math': 'm',
  'http://purl.oclc.org/ooxml/officeDocument/math': 'm',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing': 'wp',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing': 'wp',
  'http://schemas.openxmlformats.org/drawingml/2006/picture': 'pic',
  'http://purl.oclc.org/ooxml/drawingml/picture': 'pic',
  'http://schemas.openxmlformats.org/drawingml/2006/chart': 'c',
  'http://purl.oclc.org/ooxml/drawingml/chart': 'c',
  'http://schemas.openxmlformats.org/drawingml/2006/diagram': 'dgm',
  'http://purl.oclc.org/ooxml/drawingml/diagram': 'dgm',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
  'urn:schemas-microsoft-com:office:office': 'o',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'w14',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingShape': 'wps',
  'http://schemas.microsoft.com/office/word/2010/wordprocessingGroup': 'wpg',
}

const textElements = new Set(['w:t', 'm:t', 'a:t', 'w:instrText'])

/** Parses one part of the document, refusing it past the depth bound or its {@link XmlBudget}. */
export function parseXmlPart(xml: string, part: string, budget: XmlBudget): Element {
  return parseXml(xml, part, budget, {
    label: 'DOCX',
    keep: (name) => !unread.has(name),
    prefixes: canonicalPrefixes,
    textElements,
  })
}

/** `w:val` of a child property (`<w:pStyle w:val="Heading1"/>`). */
export const valueOf = (element: Element | undefined, name: string): string | undefined =>
  child(element, name)?.attribs['w:val']

/**
 * An on/off property (`<w:b/>`, `<w:b w:val="false"/>`): `undefined` when absent, so styles can
 * be layered.
 */
export function toggle(properties: Element | undefined, name: string): boolean | undefined {
  const element = child(properties, name)
  if (element === undefined) return undefined
  const value = element.attribs['w:val']
  return value === undefined || !/^(0|false|off|none)$/i.test(value)
}
