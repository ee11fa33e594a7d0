import type { DocxArchive } from './archive.js'
import { childrenNamed, parseXmlPart, child, type XmlBudget } from './xml.js'
import { resolvePart } from '../shared/part-names.js'

export interface Relationship {
  /** The part's name in the archive (`word/media/image1.png`), or the URL of an external target. */
  target: string
  external: boolean
  type: string
}

/** A part's relationships (`word/_rels/document.xml.rels`): what `r:id`/`r:embed` attributes name. */
export function readRelationships(archive: DocxArchive, part: string, budget: XmlBudget): Map<string, Relationship> {
  const slash = part.lastIndexOf('/')
  const directory = slash === -1 ? '' : part.slice(0, slash)
  const name = part.slice(slash + 1)
  const xml = archive.text(`${directory === '' ? '' : `${directory}/`}_rels/${name}.rels`)
  const relationships = new Map<string, Relationship>()
  if (xml === undefined) return relationships
  const root = child(parseXmlPart(xml, `${name} relationships`, budget), 'Relationships')
  for (const relationship of childrenNamed(root, 'Relationship')) {
    const id = relationship.attribs.Id
    const target = relationship.attribs.Target
    if (id === undefined || target === undefined) continue
    const external = (relationship.attribs.TargetMode ?? '').toLowerCase() === 'external'
    relationships.set(id, {
      target: external ? target : resolvePart(directory, target),
      external,
      type: relationship.attribs.Type ?? '',
    })
  }
  return relationships
}

/** The part the document's relationships name for a type (`…/footnotes`), if any. */
export function partOfType(relationships: Map<string, Relationship>, type: string): string | undefined {
  for (const relationship of relationships.values())
    if (!relationship.external && relationship.type.endsWith(`/${type}`)) return relationship.target
  return undefined
}
