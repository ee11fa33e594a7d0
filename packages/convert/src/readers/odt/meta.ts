import type { Element } from '../../tree/model.js'
import type { DocumentMetadata } from '../../types.js'
import { child, childrenNamed, xmlText } from '../shared/xml-tree.js'

/** What an OpenDocument file says about itself (meta.xml's `office:meta`), in the report's words. */
export function odfMetadata(meta: Element | undefined): DocumentMetadata {
  const fields = child(child(meta, 'office:document-meta'), 'office:meta')
  const text = (name: string) => {
    const node = child(fields, name)
    return node === undefined ? undefined : xmlText(node).trim()
  }
  const creator = text('dc:creator') ?? text('meta:initial-creator')
  const keywords = childrenNamed(fields, 'meta:keyword').map((node) => xmlText(node).trim())
  return {
    title: text('dc:title'),
    authors: creator === undefined ? undefined : [creator],
    subject: text('dc:subject'),
    description: text('dc:description'),
    keywords: keywords.length === 0 ? undefined : keywords,
    created: text('meta:creation-date'),
    modified: text('dc:date'),
    language: text('dc:language'),
  }
}
