import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { readDocxArchive, type DocxArchive } from './archive.js'
import { DocxBodyReader } from './body.js'
import { DocxNumbering } from './numbering.js'
import { partOfType, readRelationships, type Relationship } from './relationships.js'
import { DocxStyles } from './styles.js'
import { child, childrenNamed, parseXmlPart, XmlBudget, xmlText } from './xml.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element } from '../../tree/model.js'
import type { Reader } from '../reader.js'
import { parseCoreProperties } from '../shared/core-properties.js'
import { unreadable } from '../shared/unreadable.js'

/** The main document part, as `[Content_Types].xml` or the package relationships name it. */
function mainPart(archive: DocxArchive, budget: XmlBudget): string {
  const root = readRelationships(archive, '', budget)
  for (const relationship of root.values())
    if (/\/officeDocument$/.test(relationship.type) && !relationship.external) return relationship.target
  return 'word/document.xml'
}

function parsePart(archive: DocxArchive, part: string | undefined, budget: XmlBudget): Element | undefined {
  if (part === undefined) return undefined
  const xml = archive.text(part)
  return xml === undefined ? undefined : parseXmlPart(xml, part, budget)
}

/**
 * Word (OOXML). The archive is inflated once, by the zip-bomb check (archive.ts); its XML parts
 * are parsed with htmlparser2 in XML mode into compact trees of the same shape as the document
 * tree; body.ts turns the body into the document tree (no HTML text in between), which the one
 * writer writes — so DOCX shares every format's heading, list, table, footnote and equation
 * policy. What DOCX conversion keeps and reports: docs/formats/docx.md.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readDocx(bytes, context) }),
}

async function readDocx(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const archive = await readDocxArchive(bytes)
  context.progress(20)
  // Title, authors, dates, language: the report's metadata (and front matter when asked, ADR 073).
  context.report.metadata(await parseCoreProperties(archive.bytes('docProps/core.xml')).catch(() => ({})))
  context.signal?.throwIfAborted()
  const budget = new XmlBudget(context.limits)
  try {
    const part = mainPart(archive, budget)
    const document = parsePart(archive, part, budget)
    const body = child(child(document, 'w:document'), 'w:body')
    if (body === undefined)
      throw new ConversionInputError(
        'the DOCX file has no document body (word/document.xml is empty or not WordprocessingML); save it again from Word and re-upload',
      )
    const relationships = readRelationships(archive, part, budget)
    const reader = new DocxBodyReader(
      {
        archive,
        budget,
        context,
        styles: new DocxStyles(parsePart(archive, partOfType(relationships, 'styles'), budget)),
        numbering: new DocxNumbering(parsePart(archive, partOfType(relationships, 'numbering'), budget)),
      },
      part,
    )
    context.progress(40)
    const root = documentRoot()
    reader.blocks(body, root)
    writeNotes(reader, root, archive, budget, {
      footnote: partOfType(relationships, 'footnotes'),
      endnote: partOfType(relationships, 'endnotes'),
    })
    reportPageFurniture(archive, relationships, budget, context)
    context.progress(70)
    return root
  } catch (error) {
    throw unreadable(error, { label: 'DOCX', remedy: 'save it again from Word and re-upload' }, context)
  }
}

/**
 * Page headers and footers repeat on every page and are not the document's running text (Word
 * shows them apart; pandoc and docling leave them out too): left out, and counted when they say
 * something.
 */
function reportPageFurniture(
  archive: DocxArchive,
  relationships: Map<string, Relationship>,
  budget: XmlBudget,
  context: ConversionContext,
): void {
  const seen = new Set<string>()
  for (const relationship of relationships.values()) {
    if (relationship.external || !/\/(header|footer)$/.test(relationship.type) || seen.has(relationship.target))
      continue
    seen.add(relationship.target)
    const tree = parsePart(archive, relationship.target, budget)
    if (tree !== undefined && xmlText(tree).trim() !== '') {
      context.report.notKept(
        'page-header-footer-dropped',
        (n) => `${plural(n, 'page header or footer', 'page headers and footers')} left out (they repeat on every page)`,
      )
    }
  }
}

/**
 * Footnotes and endnotes, in the order they are first referenced, as the notes section the HTML
 * stage writes as `[^1]: …`. A note may reference another note: the list grows while it is read.
 */
function writeNotes(
  reader: DocxBodyReader,
  root: Element,
  archive: DocxArchive,
  budget: XmlBudget,
  parts: Record<'footnote' | 'endnote', string | undefined>,
): void {
  if (reader.notes.length === 0) return
  const notes = new Map<string, Element>()
  for (const kind of ['footnote', 'endnote'] as const) {
    const part = parts[kind]
    const tree = parsePart(archive, part, budget)
    for (const note of childrenNamed(child(tree, `w:${kind}s`), `w:${kind}`))
      notes.set(`${kind}-${note.attribs['w:id'] ?? ''}`, note)
  }
  const list = element('ol')
  for (let i = 0; i < reader.notes.length && i < 10_000; i++) {
    const { kind, anchor } = reader.notes[i] as (typeof reader.notes)[number]
    const note = notes.get(anchor)
    const item = element('li', { id: anchor, role: 'doc-footnote' })
    if (note !== undefined) reader.readIn(parts[kind] as string, () => reader.blocks(note, item))
    appendNode(list, item)
  }
  appendNode(root, element('section', { role: 'doc-endnotes' }, [list]))
}
