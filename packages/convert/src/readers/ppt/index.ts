import CFB from 'cfb'
import type { ConversionContext } from '../../context/context.js'
import { elementBound } from '../../context/limits.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element, Node } from '../../tree/model.js'
import { appendParagraphs } from '../pptx/text.js'
import type { Reader } from '../reader.js'
import { appendNotesQuote, appendSlideHeading, readingOrder, reportHiddenSlides } from '../shared/slides.js'
import { damaged, persistDirectory, PptStream, RT, type PptRecord } from './records.js'
import { tableOf } from './table.js'
import { isBullet, TEXT_CENTER_TITLE, TEXT_NOTES, TEXT_TITLE, textsOf, type PptText } from './text.js'
import { appendAll } from '../../arrays.js'
import { unreadable } from '../shared/unreadable.js'

/**
 * Legacy PowerPoint (`.ppt`, PowerPoint 97–2003): our own reader of the `PowerPoint Document`
 * stream's records ([MS-PPT]), on the slide policy PPTX has (shared/slides.ts) — ADR 091 names the
 * records read. The slides in the presentation's order (the document's SlideListWithText), each
 * slide's text boxes in reading order (their anchors; groups read through) with the title as the
 * heading, paragraphs as bullets with their levels where the text style says, speaker notes as a
 * **Notes:** quote, hidden slides reported, tables rebuilt from their cells' places. Pictures
 * are not kept: reported.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: readPpt(bytes, context) }),
}

/** Characters of text read from one file at most: a slide deck's text is far less; a crafted stream is cut off here. */
const MAX_CHARS = 16 * 1024 * 1024
/** EMU per master unit (576 a inch): anchors in the unit the slide policy's row tolerance is in. */
const EMU = 914_400 / 576
/** OEPlaceholderAtom ids of the date, slide number, footer and header: furniture on every slide. */
const furniture = new Set([0x07, 0x08, 0x09, 0x0a])
/** Groups inside groups: PowerPoint's own stay a few deep; deeper is a crafted file. */
const MAX_GROUP_DEPTH = 32
/** OfficeArt property ids ([MS-ODRAW] 2.3): a picture's blip, a table's properties. */
const PIB = 0x0104
const TABLE_PROPERTIES = 0x03a0

interface Slide {
  persist: number
  texts: PptText[]
}

function readPpt(bytes: Uint8Array, context: ConversionContext): Document {
  let stream: PptStream
  let currentEdit: number | undefined
  try {
    const container = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' })
    const entry = CFB.find(container, 'PowerPoint Document')
    if (entry === null || entry.content === undefined || entry.content.length === 0)
      throw new ConversionInputError('the file is a compound file but not a PowerPoint presentation')
    if (CFB.find(container, 'EncryptedSummary') !== null)
      throw new ConversionInputError('the PPT file is protected by a password; save it without one and re-upload')
    stream = new PptStream(Buffer.from(entry.content as Uint8Array), elementBound(context.limits, 256))
    const user = CFB.find(container, 'Current User')?.content
    // CurrentUserAtom: header, size, headerToken, then offsetToCurrentEdit.
    if (user !== undefined && user.length >= 20) currentEdit = Buffer.from(user as Uint8Array).readUInt32LE(16)
  } catch (error) {
    throw unreadable(error, { label: 'PPT', remedy: 'save it again from PowerPoint and re-upload' }, context)
  }
  try {
    return readSlides(stream, currentEdit ?? lastEdit(stream), context)
  } catch (error) {
    if (error instanceof ConversionInputError || context.signal?.aborted) throw error
    throw damaged((error as Error).message.split('\n')[0] ?? 'unreadable')
  }
}

/** The last UserEditAtom at the stream's top level: where the edits start when `Current User` is missing. */
function lastEdit(stream: PptStream): number {
  let found = 0
  for (let offset = 0; offset + 8 <= stream.bytes.length;) {
    const record = stream.at(offset)
    if (record.type === RT.UserEditAtom) found = offset
    offset = record.end
  }
  return found
}

function readSlides(stream: PptStream, edit: number, context: ConversionContext): Document {
  const { offsets, document } = persistDirectory(stream, edit)
  const at = (persist: number, type: number): PptRecord | undefined => {
    const offset = offsets.get(persist)
    if (offset === undefined) return undefined
    const record = stream.at(offset)
    return record.type === type ? record : undefined
  }
  const documentRecord = at(document, RT.Document)
  if (documentRecord === undefined) throw damaged('the document record is not where the persist directory says')
  const budget = { chars: MAX_CHARS }
  const slides: Slide[] = []
  const notes = new Map<number, Slide>()
  for (const list of stream.children(documentRecord)) {
    if (list.type === RT.CryptSession10Container)
      throw new ConversionInputError('the PPT file is protected by a password; save it without one and re-upload')
    if (list.type !== RT.SlideListWithText || (list.instance !== 0 && list.instance !== 2)) continue
    // Each SlidePersistAtom opens a slide (or notes); the text records after it, up to the next, are its outline's.
    const children = stream.children(list)
    for (let i = 0; i < children.length; i++) {
      const atom = children[i] as PptRecord
      if (atom.type !== RT.SlidePersistAtom) continue
      let j = i + 1
      while (j < children.length && (children[j] as PptRecord).type !== RT.SlidePersistAtom) j++
      const slide = { persist: stream.u32(atom.data, atom), texts: textsOf(stream, children.slice(i + 1, j), budget) }
      if (list.instance === 0) slides.push(slide)
      else notes.set(stream.u32(atom.data + 12, atom), slide)
    }
  }
  if (slides.length === 0) throw new ConversionInputError('the presentation has no slides')
  const root = documentRoot()
  const hidden: number[] = []
  const lost = { pictures: 0, tables: 0 }
  for (const [index, slide] of slides.entries()) {
    context.signal?.throwIfAborted()
    const record = at(slide.persist, RT.Slide)
    if (record === undefined) throw damaged(`slide ${index + 1} is not where the persist directory says`)
    let notesId = 0
    let isHidden = false
    for (const part of stream.children(record)) {
      // SlideAtom: geom, rgPlaceholderTypes (8), masterIdRef, then notesIdRef.
      if (part.type === RT.SlideAtom) notesId = stream.u32(part.data + 16, part)
      // SlideShowSlideInfoAtom: its flags at 10, fHidden the third bit.
      if (part.type === RT.SlideShowSlideInfoAtom) isHidden = (stream.u16(part.data + 10, part) & 0x4) !== 0
    }
    if (isHidden) {
      hidden.push(index + 1)
      continue
    }
    const items = readingOrder(shapesOf(stream, record, slide.texts, budget, lost)).flatMap((box) => box.items)
    const title = items.find(
      (item): item is PptText => !isTable(item) && (item.type === TEXT_TITLE || item.type === TEXT_CENTER_TITLE),
    )
    appendSlideHeading(root, index + 1, title?.paragraphs.map((p) => p.text).join(' ') ?? '')
    for (const item of items)
      if (isTable(item)) appendNode(root, item)
      else if (item !== title) appendText(root, item)
    const noteSlide = notesId === 0 ? undefined : notes.get(notesId)
    const notesRecord = noteSlide === undefined ? undefined : at(noteSlide.persist, RT.Notes)
    if (noteSlide !== undefined && notesRecord !== undefined) {
      const quote = element('blockquote')
      const noteTexts = shapesOf(stream, notesRecord, noteSlide.texts, budget, { pictures: 0, tables: 0 })
        .flatMap((box) => box.items)
        .filter((item): item is PptText => !isTable(item) && item.type === TEXT_NOTES)
      for (const text of noteTexts) appendText(quote, text)
      appendNotesQuote(root, quote)
    }
    context.progress(10 + Math.round((80 * (index + 1)) / slides.length))
  }
  reportHiddenSlides(context, hidden)
  if (lost.pictures > 0)
    context.report.notKept(
      'ppt-picture-not-kept',
      (n) =>
        `${plural(n, 'picture')} of the PPT slides left out (pictures, and charts and objects as PowerPoint draws them, are not read from legacy PPT)`,
      lost.pictures,
    )
  if (lost.tables > 0)
    context.report.notKept(
      'ppt-table-as-text',
      (n) => `${plural(n, 'table')} of the PPT slides kept as ${n === 1 ? 'its' : 'their'} cells' text, not as a table`,
      lost.tables,
    )
  return root
}

interface Box {
  x: number
  y: number
  /** Its texts, and its tables as the tree's. */
  items: Array<PptText | Element>
}

const isTable = (item: PptText | Element): item is Element => 'name' in item

/**
 * The text boxes of a slide's (or notes page's) drawing, each placed by its anchor; a group is one
 * box of its members' texts in their order, placed by the group's anchor, and a table group is its
 * table. A text box that refers to the outline (OutlineTextRefAtom) takes that text from the
 * slide's list; the furniture placeholders (date, number, footer, header) are left out. Pictures,
 * and tables whose cells have no places, are counted.
 */
function shapesOf(
  stream: PptStream,
  container: PptRecord,
  outline: PptText[],
  budget: { chars: number },
  lost: { pictures: number; tables: number },
): Box[] {
  const drawing = stream.children(container).find((record) => record.type === RT.PPDrawing)
  if (drawing === undefined) return []
  const boxes: Box[] = []
  // The drawing's own group (the patriarch) holds the slide's shapes: groups are the ones inside it.
  const group = (record: PptRecord, into: Box | undefined, depth: number, patriarch = false) => {
    if (depth > MAX_GROUP_DEPTH) throw damaged(`groups of shapes nest more than ${MAX_GROUP_DEPTH} deep`)
    for (const child of stream.children(record)) {
      if (child.type === RT.SpgrContainer && patriarch) group(child, undefined, depth + 1)
      else if (child.type === RT.SpgrContainer) {
        const first = stream.children(child).find((part) => part.type === RT.SpContainer)
        const box = into ?? { ...anchorOf(stream, first), items: [] }
        const tableGroup = first !== undefined && hasProperty(stream, first, TABLE_PROPERTIES)
        const table = tableGroup
          ? tableOf(stream, child, (cell) => shapeTexts(stream, cell, outline, budget))
          : undefined
        if (tableGroup && table === undefined) lost.tables++
        if (table !== undefined) box.items.push(table)
        else group(child, box, depth + 1)
        if (into === undefined && box.items.length > 0) boxes.push(box)
      } else if (child.type === RT.SpContainer) {
        const texts = shapeTexts(stream, child, outline, budget)
        if (hasProperty(stream, child, PIB)) lost.pictures++
        if (texts.length === 0) continue
        if (into !== undefined) appendAll(into.items, texts)
        else boxes.push({ ...anchorOf(stream, child), items: texts })
      } else if (child.type === RT.DgContainer) group(child, into, depth + 1, true)
    }
  }
  group(drawing, undefined, 0)
  return boxes
}

function shapeTexts(stream: PptStream, shape: PptRecord, outline: PptText[], budget: { chars: number }): PptText[] {
  const parts = stream.children(shape)
  const data = parts.find((part) => part.type === RT.ClientData)
  const placeholder = data && stream.children(data).find((part) => part.type === RT.OEPlaceholderAtom)
  // OEPlaceholderAtom: position (4), then the placeholder's id.
  if (placeholder !== undefined && furniture.has(stream.u8(placeholder.data + 4, placeholder))) return []
  const box = parts.find((part) => part.type === RT.ClientTextbox)
  if (box === undefined) return []
  const records = stream.children(box)
  const reference = records.find((record) => record.type === RT.OutlineTextRefAtom)
  if (reference !== undefined) {
    const text = outline[stream.i32(reference.data, reference)]
    return text === undefined ? [] : [text]
  }
  return textsOf(stream, records, budget)
}

/** The shape's ClientAnchor ([MS-PPT] 2.13.6: top, left, right, bottom; 16-bit or 32-bit) as a place in EMU. */
function anchorOf(stream: PptStream, shape: PptRecord | undefined): { x: number; y: number } {
  const anchor = shape && stream.children(shape).find((part) => part.type === RT.ClientAnchor)
  if (anchor === undefined) return { x: 0, y: 0 }
  const wide = anchor.end - anchor.data >= 16
  const top = wide ? stream.i32(anchor.data, anchor) : stream.i16(anchor.data, anchor)
  const left = wide ? stream.i32(anchor.data + 4, anchor) : stream.i16(anchor.data + 2, anchor)
  return { x: left * EMU, y: top * EMU }
}

/** Whether the shape's OfficeArt property tables ([MS-ODRAW] OfficeArtFOPT, OfficeArtTertiaryFOPT) set property `id`. */
function hasProperty(stream: PptStream, shape: PptRecord, id: number): boolean {
  for (const table of stream.children(shape)) {
    if (table.type !== RT.Opt && table.type !== RT.TertiaryOpt) continue
    for (let i = 0, offset = table.data; i < table.instance && offset + 6 <= table.end; i++, offset += 6)
      if ((stream.bytes.readUInt16LE(offset) & 0x3fff) === id) return true
  }
  return false
}

/** A text's paragraphs into blocks, as PPTX's: bullets one list nested by level, the others paragraphs. */
function appendText(parent: Element, text: PptText): void {
  appendParagraphs(
    parent,
    text.paragraphs
      .filter((paragraph) => paragraph.text.trim() !== '')
      .map((paragraph) => {
        const inline: Node[] = []
        paragraph.text.split('\n').forEach((line, i) => {
          if (i > 0) inline.push(element('br'))
          inline.push(line)
        })
        return { inline, list: isBullet(text, paragraph) ? { level: paragraph.level, ordered: false } : undefined }
      }),
  )
}
