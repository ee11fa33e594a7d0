import type { ConversionContext } from '../../context/context.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { OdtBodyReader } from '../odt/body.js'
import { embeddedObject } from '../odt/objects.js'
import { readOdfPackage } from '../odt/package.js'
import { OdfStyles } from '../odt/styles.js'
import type { Reader } from '../reader.js'
import { PackagePictures } from '../shared/package-pictures.js'
import { appendNotesQuote, appendSlideHeading, readingOrder, reportHiddenSlides } from '../shared/slides.js'
import { child, childrenNamed, xmlText } from '../shared/xml-tree.js'

const LABEL = 'ODP'

/**
 * OpenDocument presentations (LibreOffice Impress, `.odp`), on the slide policy PPTX has
 * (shared/slides.ts): a `## Slide N: title` section per `draw:page`, its shapes in reading order
 * (groups read through: ODF gives their members page positions of their own), and each shape's
 * content through the ODT reader's walk (odt/body.ts) — paragraphs, lists with their levels,
 * tables, pictures as assets with their alt text (`svg:title`, `svg:desc`), charts as their data
 * table. Speaker notes follow each slide as a **Notes:** quote; hidden slides are reported.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readOdp(bytes, context) }),
}

/** Placeholders that repeat on every slide (numbers, dates, footers): not the slide's content. */
const furniture = new Set(['page-number', 'date-time', 'footer', 'header', 'page'])

/** Shapes that hold text of their own (`text:p` children), besides frames. */
const textShapes = new Set([
  'draw:custom-shape',
  'draw:rect',
  'draw:ellipse',
  'draw:circle',
  'draw:polygon',
  'draw:polyline',
  'draw:regular-polygon',
  'draw:path',
  'draw:caption',
  'draw:line',
  'draw:connector',
  'draw:measure',
])

function readOdp(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const format = { label: LABEL, remedy: 'save it again from LibreOffice Impress or PowerPoint and re-upload' } as const
  return readOdfPackage(bytes, context, format, ({ archive, budget, part }) => {
    context.progress(20)
    const content = part('content.xml')
    const styles = new OdfStyles([part('styles.xml'), content])
    const document = child(content, 'office:document-content')
    const presentation = child(child(document, 'office:body'), 'office:presentation')
    if (presentation === undefined)
      throw new ConversionInputError(
        'the ODP file has no presentation body (content.xml holds no office:presentation); it may be a text or a spreadsheet saved as .odp',
      )
    const hiddenStyles = new Set(
      childrenNamed(child(document, 'office:automatic-styles'), 'style:style')
        .filter(
          (style) => child(style, 'style:drawing-page-properties')?.attribs['presentation:visibility'] === 'hidden',
        )
        .map((style) => style.attribs['style:name']),
    )
    const body = new OdtBodyReader(styles, new PackagePictures(archive, context), context, (href) =>
      embeddedObject(archive, href, budget, LABEL),
    )
    const root = documentRoot()
    const pages = childrenNamed(presentation, 'draw:page')
    if (pages.length === 0) throw new ConversionInputError('the presentation has no slides')
    const hidden: number[] = []
    for (const [index, page] of pages.entries()) {
      context.signal?.throwIfAborted()
      if (hiddenStyles.has(page.attribs['draw:style-name'])) {
        hidden.push(index + 1)
        continue
      }
      readSlide(page, index + 1, body, root)
      context.progress(20 + Math.round((70 * (index + 1)) / pages.length))
    }
    reportHiddenSlides(context, hidden)
    return root
  })
}

interface Placed {
  shape: Element
  x: number
  y: number
}

/** EMU per unit of an ODF length, so ODP rows are told apart with the tolerance PPTX uses. */
const emu: Record<string, number> = { cm: 360_000, mm: 36_000, in: 914_400, pt: 12_700, pc: 152_400, px: 9_525 }

function toEmu(length: string | undefined): number {
  const match = /^(-?[\d.]+)([a-z]*)$/.exec((length ?? '').trim())
  if (match === null) return 0
  const value = Number(match[1]) * (emu[match[2] ?? ''] ?? emu.cm ?? 0)
  return Number.isFinite(value) ? value : 0
}

/** A page's shapes, groups (and links around shapes) read through, each with its place on the page. */
function shapesOf(container: Element, out: Placed[] = []): Placed[] {
  for (const node of container.children) {
    if (!isElement(node)) continue
    if (node.name === 'draw:g' || node.name === 'draw:a') shapesOf(node, out)
    else if (node.name === 'draw:frame' || textShapes.has(node.name))
      out.push({ shape: node, x: toEmu(node.attribs['svg:x']), y: toEmu(node.attribs['svg:y']) })
  }
  return out
}

function readSlide(page: Element, number: number, body: OdtBodyReader, root: Element): void {
  const shapes = readingOrder(shapesOf(page))
  const title = shapes.find(({ shape }) => shape.attribs['presentation:class'] === 'title')
  appendSlideHeading(root, number, title === undefined ? '' : xmlText(title.shape))
  for (const { shape } of shapes) {
    if (shape === title?.shape || furniture.has(shape.attribs['presentation:class'] ?? '')) continue
    if (child(shape, 'table:table') === undefined) {
      body.drawing(shape, root)
      continue
    }
    const holder = element('div')
    body.drawing(shape, holder)
    for (const node of holder.children) {
      if (isElement(node) && node.name === 'table') headerRow(node)
      appendNode(root, node)
    }
  }
  const notes = childrenNamed(child(page, 'presentation:notes'), 'draw:frame').find(
    (frame) => frame.attribs['presentation:class'] === 'notes',
  )
  const box = child(notes, 'draw:text-box')
  if (box === undefined) return
  const quote = element('blockquote')
  body.blocks(box, quote)
  appendNotesQuote(root, quote)
}

/** A slide table's first row is its header, as PPTX's (tables on slides mark none of their own). */
function headerRow(table: Element): void {
  if (table.children.some((node) => isElement(node) && node.name === 'thead')) return
  const body = table.children.find((node): node is Element => isElement(node) && node.name === 'tbody')
  const first = body?.children.find((node): node is Element => isElement(node) && node.name === 'tr')
  if (body === undefined || first === undefined) return
  body.children.splice(body.children.indexOf(first), 1)
  for (const cell of first.children) if (isElement(cell) && cell.name === 'td') cell.name = 'th'
  const head = element('thead', {}, [first])
  head.parent = table
  table.children.unshift(head)
}
