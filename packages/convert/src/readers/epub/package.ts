import type { Element } from '../../tree/model.js'
import type { DocumentMetadata } from '../../types.js'
import { isElement } from '../../tree/query.js'
import { child, childrenNamed, parseXml, xmlText, type XmlBudget } from '../shared/xml-tree.js'
import type { ZipArchive } from '../shared/zip-archive.js'

const prefixes: Record<string, string> = {
  'urn:oasis:names:tc:opendocument:xmlns:container': 'container',
  'http://www.idpf.org/2007/opf': 'opf',
  'http://purl.org/dc/elements/1.1/': 'dc',
}

/** What an EPUB's package document (the OPF) says: its metadata, and its chapters in reading order. */
export interface EpubPackage {
  /** The OPF's path in the archive: the manifest's hrefs are relative to its folder. */
  path: string
  metadata: DocumentMetadata
  /** Archive paths of the spine's documents, in reading order. */
  spine: string[]
  /** Archive path → media type, for every manifest item. */
  mediaTypes: Map<string, string>
  /** The EPUB 3 navigation document when the spine lists it: a table of contents the headings already say. */
  navigation: string | undefined
}

/** `a/b/../c d.xhtml` relative to `dir`, as an archive path (`%20` decoded). */
export function resolvePath(dir: string, href: string): string {
  let decoded = href
  try {
    decoded = decodeURIComponent(href)
  } catch {
    // A malformed escape: the href as written.
  }
  const segments = decoded.startsWith('/') ? [] : dir.split('/').filter(Boolean)
  for (const segment of decoded.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  return segments.join('/')
}

export const folderOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '')

const parse = (xml: string, part: string, budget: XmlBudget) => parseXml(xml, part, budget, { label: 'EPUB', prefixes })

/** The package document: `META-INF/container.xml` names it; its manifest and spine give the chapters. `undefined`: none. */
export function readPackage(archive: ZipArchive, budget: XmlBudget): EpubPackage | undefined {
  const container = archive.text('META-INF/container.xml')
  const rootfiles = child(
    child(
      container === undefined ? undefined : parse(container, 'META-INF/container.xml', budget),
      'container:container',
    ),
    'container:rootfiles',
  )
  const rootfile = childrenNamed(rootfiles, 'container:rootfile').find(
    (r) => (r.attribs['media-type'] ?? 'application/oebps-package+xml') === 'application/oebps-package+xml',
  )
  const path = rootfile?.attribs['full-path'] ?? archive.names.find((name) => name.toLowerCase().endsWith('.opf'))
  if (path === undefined) return undefined
  const xml = archive.text(path)
  if (xml === undefined) return undefined
  const opf = child(parse(xml, path, budget), 'opf:package')
  if (opf === undefined) return undefined
  const dir = folderOf(path)
  const manifest = new Map<string, { path: string; type: string }>()
  let navigation: string | undefined
  const mediaTypes = new Map<string, string>()
  for (const item of childrenNamed(child(opf, 'opf:manifest'), 'opf:item')) {
    const { id, href } = item.attribs
    if (id === undefined || href === undefined) continue
    const itemPath = resolvePath(dir, href)
    const type = item.attribs['media-type'] ?? ''
    manifest.set(id, { path: itemPath, type })
    if (/(^|\s)nav(\s|$)/.test(item.attribs.properties ?? '')) navigation = itemPath
    mediaTypes.set(itemPath, type)
  }
  const spine: string[] = []
  for (const ref of childrenNamed(child(opf, 'opf:spine'), 'opf:itemref')) {
    const item = manifest.get(ref.attribs.idref ?? '')
    if (item !== undefined && /html|xml/i.test(item.type) && !spine.includes(item.path)) spine.push(item.path)
  }
  return {
    path,
    metadata: metadataOf(child(opf, 'opf:metadata')),
    spine,
    mediaTypes,
    navigation: navigation !== undefined && spine.includes(navigation) ? navigation : undefined,
  }
}

/** Title, authors (`dc:creator`, in order), language, dates (`dc:date` as published, `dcterms:modified`), subjects as keywords, description. */
function metadataOf(metadata: Element | undefined): DocumentMetadata {
  const elements = (metadata?.children ?? []).filter(isElement)
  const texts = (name: string) =>
    elements
      .filter((node) => node.name === name)
      .map((node) => xmlText(node).replace(/\s+/g, ' ').trim())
      .filter((text) => text !== '')
  const modified = elements.find((node) => node.name === 'opf:meta' && node.attribs.property === 'dcterms:modified')
  const dates = texts('dc:date')
  return {
    title: texts('dc:title')[0],
    authors: texts('dc:creator'),
    language: texts('dc:language')[0],
    created: dates[0],
    modified: modified === undefined ? undefined : xmlText(modified).trim(),
    keywords: texts('dc:subject'),
    description: texts('dc:description')[0],
  }
}
