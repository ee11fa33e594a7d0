import type { Element } from '../../tree/model.js'
import { parseXml, type XmlBudget } from '../shared/xml-tree.js'

/**
 * The prefixes the OpenDocument readers match names by, per namespace. LibreOffice writes these
 * prefixes, but a producer may bind others: names are rewritten while parsing.
 */
const prefixes: Record<string, string> = {
  'urn:oasis:names:tc:opendocument:xmlns:office:1.0': 'office',
  'urn:oasis:names:tc:opendocument:xmlns:style:1.0': 'style',
  'urn:oasis:names:tc:opendocument:xmlns:text:1.0': 'text',
  'urn:oasis:names:tc:opendocument:xmlns:table:1.0': 'table',
  'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0': 'draw',
  'urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0': 'fo',
  'urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0': 'svg',
  'urn:oasis:names:tc:opendocument:xmlns:presentation:1.0': 'presentation',
  'urn:oasis:names:tc:opendocument:xmlns:meta:1.0': 'meta',
  'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0': 'manifest',
  'http://www.w3.org/1999/xlink': 'xlink',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://www.w3.org/1998/Math/MathML': 'math',
  'urn:oasis:names:tc:opendocument:xmlns:chart:1.0': 'chart',
}

/**
 * Never read: declarations, settings, forms, the deleted text of tracked changes (accepted, as
 * for DOCX), page layout, and the elements that only mark places. Skipped while parsing, so the
 * element bound counts text.
 */
const unread = new Set([
  'office:settings',
  'office:scripts',
  'office:font-face-decls',
  'office:forms',
  'text:sequence-decls',
  'text:variable-decls',
  'text:user-field-decls',
  'text:tracked-changes',
  'text:bookmark',
  'text:bookmark-start',
  'text:bookmark-end',
  'text:reference-mark',
  'text:reference-mark-start',
  'text:reference-mark-end',
  'text:soft-page-break',
  'text:change-start',
  'text:change-end',
  'text:change',
  'style:page-layout',
  'style:font-face',
  'style:paragraph-properties',
  'style:table-column-properties',
  'style:table-row-properties',
  'style:table-cell-properties',
  'style:graphic-properties',
  'table:table-column',
  'table:table-columns',
])

/** Where whitespace-only text is content (`<text:span> </text:span>`); elsewhere it is layout. */
const textElements = new Set(['text:p', 'text:h', 'text:span', 'text:a'])

/** Parses one part of an OpenDocument file (content.xml, styles.xml…) within the document's budget. */
export function parseOdfPart(xml: string, part: string, budget: XmlBudget, label: string): Element {
  return parseXml(xml, part, budget, { label, keep: (name) => !unread.has(name), prefixes, textElements })
}
