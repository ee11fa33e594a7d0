import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element } from '../../tree/model.js'
import { chartTable } from '../docx/chart.js'
import { readRelationships, type Relationship } from '../docx/relationships.js'
import type { Reader } from '../reader.js'
import { parseCoreProperties } from '../shared/core-properties.js'
import { PackagePictures } from '../shared/package-pictures.js'
import { appendNotesQuote, appendSlideHeading, readingOrder, reportHiddenSlides } from '../shared/slides.js'
import { child, childrenNamed, parseXml, XmlBudget, xmlText } from '../shared/xml-tree.js'
import { readZipArchive, type ZipArchive } from '../shared/zip-archive.js'
import { appendParagraphs, paragraphsOf } from './text.js'
import { unreadable } from '../shared/unreadable.js'

const prefixes: Record<string, string> = {
  'http://schemas.openxmlformats.org/presentationml/2006/main': 'p',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://schemas.openxmlformats.org/drawingml/2006/chart': 'c',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
}
/** What is never read: the fallback copy of newer content, and the shapes' looks. */
const unread = new Set(['mc:Fallback', 'a:effectLst', 'a:ln', 'a:solidFill', 'a:gradFill', 'a:prstGeom', 'a:custGeom'])

/**
 * PowerPoint (PPTX): one `## Slide N: title` section per slide, in the presentation's order; each
 * slide's shapes in reading order (top to bottom, then left to right; groups read through); text
 * frames' paragraphs with their bullets and levels; tables; pictures as assets with their alt
 * text; charts as their data table; speaker notes after the slide, marked as notes. Hidden
 * slides are left out and reported. What PPTX conversion keeps: docs/formats/pptx.md.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readPptx(bytes, context) }),
}

interface Slide {
  archive: ZipArchive
  budget: XmlBudget
  context: ConversionContext
  relationships: Map<string, Relationship>
  pictures: PackagePictures
}

function parse(archive: ZipArchive, part: string, budget: XmlBudget): Element | undefined {
  const xml = archive.text(part)
  return xml === undefined
    ? undefined
    : parseXml(xml, part, budget, {
        label: 'PPTX',
        prefixes,
        keep: (name) => !unread.has(name),
        textElements: new Set(['a:t']),
      })
}

const PPTX_FORMAT = { label: 'PPTX', remedy: 'save it again from PowerPoint and re-upload' }

async function readPptx(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const archive = await readZipArchive(bytes, {
    ...PPTX_FORMAT,
    notThisFormat: (names) =>
      names.includes('ppt/presentation.xml')
        ? undefined
        : 'the file is a zip archive but not a PowerPoint presentation (no ppt/presentation.xml)',
  })
  context.report.metadata(await parseCoreProperties(archive.bytes('docProps/core.xml')).catch(() => ({})))
  const budget = new XmlBudget(context.limits)
  try {
    const presentation = parse(archive, 'ppt/presentation.xml', budget)
    const rels = readRelationships(archive, 'ppt/presentation.xml', budget)
    const list = child(child(presentation, 'p:presentation'), 'p:sldIdLst')
    const root = documentRoot()
    const slides = childrenNamed(list, 'p:sldId')
    const hidden: number[] = []
    for (const [index, id] of slides.entries()) {
      context.signal?.throwIfAborted()
      const relationship = rels.get(id.attribs['r:id'] ?? '')
      if (relationship === undefined || relationship.external) continue
      const part = relationship.target
      const tree = child(parse(archive, part, budget), 'p:sld')
      if (tree === undefined) continue
      if (tree.attribs.show === '0' || tree.attribs.show === 'false') {
        hidden.push(index + 1)
        continue
      }
      const slide: Slide = {
        archive,
        budget,
        context,
        relationships: readRelationships(archive, part, budget),
        pictures: new PackagePictures(archive, context),
      }
      readSlide(slide, tree, index + 1, root)
      context.progress(10 + Math.round((80 * (index + 1)) / slides.length))
    }
    reportHiddenSlides(context, hidden)
    if (slides.length === 0) throw new ConversionInputError('the presentation has no slides')
    return root
  } catch (error) {
    throw unreadable(error, PPTX_FORMAT, context)
  }
}

interface Placed {
  shape: Element
  y: number
  x: number
}

/** Shapes of a tree in reading order, groups read through (a group's children by their own offsets). */
function shapesOf(tree: Element | undefined, out: Placed[] = []): Placed[] {
  for (const node of tree?.children ?? []) {
    if (typeof node === 'string') continue
    if (node.name === 'p:grpSp') {
      shapesOf(node, out)
      continue
    }
    if (node.name === 'mc:AlternateContent') {
      shapesOf(child(node, 'mc:Choice'), out)
      continue
    }
    if (!['p:sp', 'p:pic', 'p:graphicFrame', 'p:cxnSp'].includes(node.name)) continue
    const properties = child(node, 'p:spPr') ?? child(node, 'p:xfrm') ?? node
    const offset = child(
      child(properties, 'a:xfrm') ?? (properties.name === 'p:xfrm' ? properties : undefined),
      'a:off',
    )
    out.push({ shape: node, y: Number(offset?.attribs.y ?? 0) || 0, x: Number(offset?.attribs.x ?? 0) || 0 })
  }
  return out
}

function placeholderOf(shape: Element): Element | undefined {
  const nv = child(shape, 'p:nvSpPr') ?? child(shape, 'p:nvPicPr') ?? child(shape, 'p:nvGraphicFramePr')
  return child(child(nv, 'p:nvPr'), 'p:ph')
}

const isTitle = (shape: Element) => /^(title|ctrTitle)$/.test(placeholderOf(shape)?.attribs.type ?? '')

/** A title's text as the slide shows it: its paragraphs and line breaks (`a:br`) part words. */
function titleTextOf(shape: Element): string {
  const body = child(shape, 'p:txBody')
  const text =
    body === undefined
      ? xmlText(shape)
      : childrenNamed(body, 'a:p')
          .map((p) =>
            p.children
              .map((part) => (typeof part === 'string' ? '' : part.name === 'a:br' ? ' ' : xmlText(part)))
              .join(''),
          )
          .join(' ')
  return text
}

function readSlide(slide: Slide, tree: Element, number: number, root: Element): void {
  const shapes = readingOrder(shapesOf(child(child(tree, 'p:cSld'), 'p:spTree')))
  const title = shapes.find((placed) => isTitle(placed.shape))
  appendSlideHeading(root, number, title === undefined ? '' : titleTextOf(title.shape))
  const links = (id: string) => {
    const target = slide.relationships.get(id)
    return target?.external === true ? target.target : undefined
  }
  for (const { shape } of shapes) {
    if (shape === title?.shape) continue
    if (shape.name === 'p:sp') {
      const type = placeholderOf(shape)?.attribs.type
      // Body placeholders (and untyped ones, which are body) inherit bullets from the master; text boxes do not.
      const bulleted = placeholderOf(shape) !== undefined && (type === undefined || type === 'body' || type === 'obj')
      if (type === 'sldNum' || type === 'dt' || type === 'ftr') continue
      appendParagraphs(root, paragraphsOf(child(shape, 'p:txBody'), bulleted, links))
    } else if (shape.name === 'p:pic') {
      const description = child(child(shape, 'p:nvPicPr'), 'p:cNvPr')?.attribs.descr ?? ''
      const blip = child(child(shape, 'p:blipFill'), 'a:blip')
      const id = blip?.attribs['r:embed'] ?? blip?.attribs['r:link']
      const picture = slide.pictures.picture(id === undefined ? undefined : slide.relationships.get(id), description)
      if (picture !== undefined) appendNode(root, element('p', {}, [picture]))
    } else if (shape.name === 'p:graphicFrame') {
      const data = child(child(shape, 'a:graphic'), 'a:graphicData')
      const table = child(data, 'a:tbl')
      if (table !== undefined) appendNode(root, tableOf(table, links))
      const chart = child(data, 'c:chart')
      if (chart !== undefined) appendChart(slide, chart, root)
    }
  }
  appendNotes(slide, root, links)
}

function tableOf(table: Element, links: (id: string) => string | undefined): Element {
  const out = element('table')
  const rows = childrenNamed(table, 'a:tr')
  rows.forEach((row, index) => {
    const tr = element('tr')
    for (const cell of childrenNamed(row, 'a:tc')) {
      // Cells merged into another are not written; the first carries the span.
      if (cell.attribs.hMerge === '1' || cell.attribs.vMerge === '1') continue
      const attributes: Record<string, string> = {}
      if (Number(cell.attribs.gridSpan) > 1) attributes.colspan = cell.attribs.gridSpan as string
      if (Number(cell.attribs.rowSpan) > 1) attributes.rowspan = cell.attribs.rowSpan as string
      const td = element(index === 0 ? 'th' : 'td', attributes)
      const paragraphs = paragraphsOf(child(cell, 'a:txBody'), false, links)
      paragraphs.forEach((paragraph, i) => {
        if (i > 0) appendNode(td, element('br'))
        for (const node of paragraph.inline) appendNode(td, node)
      })
      appendNode(tr, td)
    }
    appendNode(out, tr)
  })
  return out
}

function appendChart(slide: Slide, chart: Element, root: Element): void {
  const id = chart.attribs['r:id']
  const target = id === undefined ? undefined : slide.relationships.get(id)
  const tree = target === undefined || target.external ? undefined : parse(slide.archive, target.target, slide.budget)
  const table = tree === undefined ? undefined : chartTable(tree)
  if (table === undefined) {
    slide.context.report.notKept('chart-dropped', (n) => `${plural(n, 'chart')} without data left out`)
    return
  }
  for (const node of table) appendNode(root, node)
  slide.context.report.notKept('chart-as-table', (n) => `${plural(n, 'chart')} kept as the table of its data`)
}

/** The slide's speaker notes (the notes slide's body placeholder), as a quote that says so. */
function appendNotes(slide: Slide, root: Element, links: (id: string) => string | undefined): void {
  const relationship = [...slide.relationships.values()].find((r) => !r.external && /\/notesSlide$/.test(r.type))
  if (relationship === undefined) return
  const notes = child(parse(slide.archive, relationship.target, slide.budget), 'p:notes')
  const body = shapesOf(child(child(notes, 'p:cSld'), 'p:spTree')).find(
    ({ shape }) => placeholderOf(shape)?.attribs.type === 'body',
  )
  if (body === undefined) return
  const quote = element('blockquote')
  appendParagraphs(quote, paragraphsOf(child(body.shape, 'p:txBody'), false, links))
  appendNotesQuote(root, quote)
}
