// About 530 lines: RTF is one stream of groups and control words whose meaning depends on the
// destination they are in; the switch over control words is the reader, and splitting it would
// scatter one state machine over files.
import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { elementBound } from '../../context/limits.js'
import { ConversionInputError } from '../../errors.js'
import { isDisplayableImage } from '../../formats.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document } from '../../tree/model.js'
import type { DocumentMetadata } from '../../types.js'
import { BOLD, Flow, ITALIC, reportFurniture, STRIKE, SUB, SUP, type ParagraphKind } from './document.js'
import { decoderFor } from './codepages.js'

/** Deepest group nesting read: real documents nest a few dozen levels; past this the file is refused. */
export const MAX_GROUP_DEPTH = 512

type Destination = 'text' | 'skip' | 'fldinst' | 'pict' | 'style' | 'list' | 'override' | 'info' | 'furniture'

interface Group {
  flags: number
  destination: Destination
  href: string | undefined
  /** Characters to skip after `\uN`. */
  uc: number
  /** Text a destination collects (a style's name, a field's instruction, an info field). */
  text: string
  info: string | undefined
  flow: Flow
}

/** Destinations never read (tables of fonts and colours, revision marks, generator data, bookmarks…). */
const skipped = new Set([
  'fonttbl',
  'colortbl',
  'filetbl',
  'revtbl',
  'rsidtbl',
  'generator',
  'xmlnstbl',
  'mmathPr',
  'pgdsctbl',
  'themedata',
  'colorschememapping',
  'datastore',
  'latentstyles',
  'listtext',
  'pntext',
  'pntxtb',
  'pntxta',
  'bkmkstart',
  'bkmkend',
  'atnid',
  'atnauthor',
  'atndate',
  'atnref',
  'nonshppict',
  'xe',
  'tc',
  'template',
  'userprops',
  'docvar',
  'pn',
  'objdata',
  'objclass',
  'shpinst',
  'picprop',
  'blipuid',
  'fldtype',
  'falt',
  'panose',
  'leveltext',
  'levelnumbers',
  'listname',
  'listpicture',
  'ftnsep',
  'ftnsepc',
  'aftnsep',
  'aftnsepc',
  'wgrffmtfilter',
  'docinfo',
])
const furniture = new Set(['header', 'footer', 'headerl', 'headerr', 'headerf', 'footerl', 'footerr', 'footerf'])
const infoFields = new Set(['title', 'author', 'subject', 'keywords', 'doccomm'])
const symbols: Record<string, string> = {
  emdash: '\u2014',
  endash: '\u2013',
  lquote: '\u2018',
  rquote: '\u2019',
  ldblquote: '\u201c',
  rdblquote: '\u201d',
  bullet: '\u2022',
  emspace: '\u2003',
  enspace: '\u2002',
  qmspace: '\u2005',
  tab: ' ',
}
const pictureTypes: Record<string, string> = {
  pngblip: 'image/png',
  jpegblip: 'image/jpeg',
  emfblip: 'image/x-emf',
  wmetafile: 'image/x-wmf',
}

/**
 * Reads an RTF document into the document tree in one pass over its characters: groups push and
 * pop formatting, destinations decide where text goes (the body, a footnote, a field's
 * instruction, a picture's hex, the stylesheet), `\par` ends a paragraph — a heading when its
 * style is `heading N` or has an outline level, a list item when it has a list (`\ls`, `\ilvl`),
 * a cell's paragraph inside a table (`\intbl`, `\cell`, `\row`).
 */
export function readRtf(source: string, context: ConversionContext): { tree: Document; metadata: DocumentMetadata } {
  const root = documentRoot()
  const budget = { elements: 0, max: elementBound(context.limits, 512) }
  const notes = element('ol')
  const headingOfStyle = new Map<number, number>()
  const listLevels = new Map<number, number[]>()
  const listOfOverride = new Map<number, number>()
  const metadata: Record<string, string> = {}
  let decoder = decoderFor(1252)
  let bytes: number[] = []
  let group: Group = {
    flags: 0,
    destination: 'text',
    href: undefined,
    uc: 1,
    text: '',
    info: undefined,
    flow: new Flow(root, budget),
  }
  const body = group.flow
  const stack: Group[] = []
  // Paragraph and current-definition state (reset by \pard and \trowd).
  let style = 0
  let outline = -1
  let ls = 0
  let ilvl = 0
  let inTable = false
  let merged: boolean[] = []
  let pendingMerge = false
  let skipChars = 0
  let styleNumber = 0
  let listLevelNfc: number[] = []
  let overrideList = 0
  const flows: Flow[] = []
  let pictureType = ''
  let furnitureSaid = false
  /** `\*` was read: the next control word names a destination to skip unless this reader knows it. */
  let ignorable = false

  const kind = (): ParagraphKind => {
    const fromOutline = outline >= 0 && outline < 9 ? outline + 1 : 0
    const heading = Math.min(6, fromOutline || headingOfStyle.get(style) || 0)
    const levels = listLevels.get(listOfOverride.get(ls) ?? -1)
    const nfc = levels?.[ilvl] ?? 0
    return { heading, listLevel: ls > 0 ? ilvl + 1 : 0, numbered: nfc !== 23 && nfc !== 255, inTable }
  }
  const flushBytes = () => {
    if (bytes.length === 0) return
    text(decoder.decode(new Uint8Array(bytes)))
    bytes = []
  }
  const text = (value: string) => {
    if (value === '') return
    switch (group.destination) {
      case 'text': {
        const runs = group.flow.runs
        const last = runs[runs.length - 1]
        if (
          last !== undefined &&
          typeof last.node === 'string' &&
          last.flags === group.flags &&
          last.href === group.href
        )
          last.node += value
        else runs.push({ node: value, flags: group.flags, href: group.href })
        break
      }
      case 'furniture':
        if (value.trim() !== '') furnitureSaid = true
        break
      case 'skip':
      case 'list':
      case 'override':
        break
      default:
        group.text += value
    }
  }

  const length = source.length
  for (let i = 0; i < length; i++) {
    if ((i & 0xffff) === 0) context.signal?.throwIfAborted()
    const c = source.charCodeAt(i)
    if (c === 0x7b /* { */) {
      flushBytes()
      if (stack.length >= MAX_GROUP_DEPTH)
        throw new ConversionInputError(
          `the RTF file's groups are nested more than ${MAX_GROUP_DEPTH} levels deep; it cannot be converted`,
        )
      stack.push(group)
      // A group inside a picture is its properties (skipped); elsewhere a group starts where its parent is.
      const destination = group.destination === 'pict' ? 'skip' : group.destination
      group = { ...group, text: '', info: undefined, destination }
      continue
    }
    if (c === 0x7d /* } */) {
      flushBytes()
      const closed = group
      const parent = stack.pop()
      if (parent === undefined) break
      group = parent
      closeGroup(closed)
      continue
    }
    if (c === 0x5c /* \ */) {
      const next = source[i + 1] ?? ''
      if (/[a-zA-Z]/.test(next)) {
        let j = i + 1
        while (j < length && /[a-zA-Z]/.test(source[j] as string)) j++
        const word = source.slice(i + 1, j)
        let k = j
        if (source[k] === '-') k++
        while (k < length && /[0-9]/.test(source[k] as string) && k - j < 12) k++
        const digits = source.slice(j, k)
        const param = digits === '' || digits === '-' ? undefined : Number(digits)
        if (source[k] === ' ') k++
        i = k - 1
        if (word !== 'bin') control(word, param)
        else {
          const n = Math.max(0, param ?? 0)
          if (group.destination === 'pict')
            for (let b = 0; b < n && k + b < length; b++)
              group.text += (source.charCodeAt(k + b) & 0xff).toString(16).padStart(2, '0')
          i = k + n - 1
        }
        continue
      }
      i++
      if (next === "'") {
        const code = Number.parseInt(source.slice(i + 1, i + 3), 16)
        i += 2
        if (skipChars > 0) {
          skipChars--
          continue
        }
        if (Number.isFinite(code)) bytes.push(code)
        continue
      }
      flushBytes()
      if (next === '*') {
        if (group.destination === 'text') group.destination = 'skip'
        ignorable = true
        continue
      }
      if (next === '\n' || next === '\r') control('par', undefined)
      else if (next === '~') text('\u00a0')
      else if (next === '_') text('\u2011')
      else if (next === '-') continue
      else text(next)
      continue
    }
    if (c === 0x0d || c === 0x0a) continue
    flushBytes()
    if (skipChars > 0) {
      skipChars--
      continue
    }
    let j = i
    while (j < length && !'{}\\\r\n'.includes(source[j] as string)) j++
    text(source.slice(i, j).replace(/\t/g, ' '))
    i = j - 1
  }
  flushBytes()
  body.finish(kind())
  for (const flow of flows) flow.finish({ heading: 0, listLevel: 0, numbered: false, inTable: false })
  if (notes.children.length > 0) appendNode(root, element('section', { role: 'doc-endnotes' }, [notes]))
  if (furnitureSaid) reportFurniture(context.report)
  return { tree: root, metadata: toMetadata(metadata) }

  function control(word: string, param: number | undefined): void {
    if (ignorable) {
      ignorable = false
      // `{\*\destination …}`: a destination this reader knows is read; any other stays skipped.
      if (group.destination === 'skip' && !known(word)) return
      const parent = stack[stack.length - 1]
      if (parent !== undefined && group.destination === 'skip') group.destination = parent.destination
    }
    if (skipped.has(word)) return void (group.destination = 'skip')
    if (group.destination === 'skip') return
    if (furniture.has(word)) return void (group.destination = 'furniture')
    flushBytes()
    switch (word) {
      case 'ansicpg':
        decoder = decoderFor(param ?? 1252)
        return
      case 'par':
        if (group.destination === 'text') group.flow.paragraph(kind())
        return
      case 'line':
        if (group.destination === 'text')
          group.flow.runs.push({ node: element('br'), flags: group.flags, href: group.href })
        return
      case 'pard':
        style = 0
        outline = -1
        ls = 0
        ilvl = 0
        inTable = false
        return
      case 'plain':
        group.flags = 0
        return
      case 's':
        if (group.destination === 'style') styleNumber = param ?? 0
        else style = param ?? 0
        return
      case 'outlinelevel':
        if (group.destination === 'style') headingOfStyle.set(styleNumber, Math.min(6, (param ?? 0) + 1))
        else outline = param ?? -1
        return
      case 'ls':
        if (group.destination === 'override') listOfOverride.set(param ?? 0, overrideList)
        else ls = param ?? 0
        return
      case 'ilvl':
        ilvl = Math.min(8, Math.max(0, param ?? 0))
        return
      case 'intbl':
        inTable = true
        return
      case 'trowd':
        merged = []
        pendingMerge = false
        return
      case 'clmrg':
        pendingMerge = true
        return
      case 'cellx':
        merged.push(pendingMerge)
        pendingMerge = false
        return
      case 'cell':
      case 'nestcell':
        if (group.destination === 'text') group.flow.endCell(kind())
        return
      case 'row':
      case 'nestrow':
        // A table nested in a cell is read as rows of the one table (its cells' text kept, not its nesting).
        if (group.destination === 'text') group.flow.endRow(merged)
        return
      case 'b':
      case 'i':
      case 'strike':
      case 'striked': {
        const bit = word === 'b' ? BOLD : word === 'i' ? ITALIC : STRIKE
        group.flags = param === 0 ? group.flags & ~bit : group.flags | bit
        return
      }
      case 'super':
        group.flags = (group.flags & ~SUB) | SUP
        return
      case 'sub':
        group.flags = (group.flags & ~SUP) | SUB
        return
      case 'nosupersub':
        group.flags &= ~(SUP | SUB)
        return
      case 'uc':
        group.uc = Math.max(0, param ?? 1)
        return
      case 'u': {
        const code = (param ?? 0) < 0 ? (param ?? 0) + 65536 : (param ?? 0)
        text(String.fromCharCode(code))
        skipChars = group.uc
        return
      }
      case 'stylesheet':
        group.destination = 'style'
        return
      case 'listtable':
      case 'listoverridetable':
        group.destination = word === 'listtable' ? 'list' : 'override'
        return
      case 'list':
        listLevelNfc = []
        return
      case 'levelnfc':
        if (group.destination === 'list') listLevelNfc.push(param ?? 0)
        return
      case 'listid':
        if (group.destination === 'list') listLevels.set(param ?? 0, listLevelNfc)
        else if (group.destination === 'override') overrideList = param ?? 0
        return
      case 'info':
        group.destination = 'info'
        return
      case 'field':
        group.href = undefined
        return
      case 'fldinst':
        group.destination = 'fldinst'
        return
      case 'fldrslt':
        // The field's result is read where the field is (the body, a footnote, a page footer).
        return
      case 'pict':
        group.destination = 'pict'
        pictureType = ''
        return
      case 'footnote': {
        const id = `footnote-${notes.children.length + 1}`
        const item = element('li', { id, role: 'doc-footnote' })
        appendNode(notes, item)
        const outer = stack[stack.length - 1]?.flow ?? group.flow
        outer.runs.push({
          node: element('a', { href: `#${id}`, role: 'doc-noteref' }, [String(notes.children.length)]),
          flags: 0,
          href: undefined,
        })
        group.flow = new Flow(item, budget)
        flows.push(group.flow)
        group.destination = 'text'
        group.flags = 0
        return
      }
      case 'annotation':
        context.report.found('comments')
        context.report.notKept('comment-dropped', (n) => `${plural(n, 'comment')} left out`)
        group.destination = 'skip'
        return
      default:
        if (group.destination === 'pict' && pictureTypes[word] !== undefined) pictureType = pictureTypes[word] as string
        else if (infoFields.has(word) && group.destination === 'info') group.info = word
        else if (symbols[word] !== undefined) text(symbols[word] as string)
    }
  }

  function known(word: string): boolean {
    return (
      [
        'shppict',
        'nesttableprops',
        'fldinst',
        'listtable',
        'listoverridetable',
        'pict',
        'footnote',
        'annotation',
        'info',
        'title',
        'author',
        'subject',
        'keywords',
        'doccomm',
      ].includes(word) || furniture.has(word)
    )
  }

  function closeGroup(closed: Group): void {
    // A footnote's group ends its flow.
    if (closed.flow !== group.flow) {
      closed.flow.finish({ heading: 0, listLevel: 0, numbered: false, inTable: false })
      return
    }
    // Text in groups nested inside an instruction, a style's entry or an info field is theirs.
    if (closed.destination === group.destination && closed.destination === 'fldinst') {
      group.text += closed.text
      return
    }
    if (closed.destination === 'info' && closed.info === undefined && group.info !== undefined)
      group.text += closed.text
    if (closed.destination === 'style' && group.destination === 'style') {
      const name = closed.text.replace(/;\s*$/, '').trim()
      const heading = /^heading\s*(\d)$/i.exec(name)
      if (heading !== null && !headingOfStyle.has(styleNumber))
        headingOfStyle.set(styleNumber, Math.min(6, Number(heading[1])))
      if (/^title$/i.test(name) && !headingOfStyle.has(styleNumber)) headingOfStyle.set(styleNumber, 1)
      styleNumber = 0
    }
    if (closed.destination === 'fldinst') {
      const target = /HYPERLINK\s+(?:\\l\s+)?"([^"]*)"/i.exec(closed.text)
      if (target !== null) group.href = /\\l\s+"/.test(closed.text) ? `#${target[1]}` : target[1]
    }
    if (closed.info !== undefined && closed.text.trim() !== '') metadata[closed.info] = closed.text.trim()
    if (closed.destination === 'pict' && group.destination !== 'pict') picture(closed.text, pictureType)
  }

  function picture(hex: string, type: string): void {
    if (group.destination !== 'text' || type === '') {
      if (type === '' && hex !== '')
        context.report.notKept(
          'image-format-unsupported',
          (n) => `${plural(n, 'picture')} in a form this reader cannot keep left out`,
        )
      return
    }
    const clean = hex.replace(/[^0-9a-fA-F]/g, '')
    const bytes = Buffer.from(clean.length % 2 === 0 ? clean : clean.slice(0, -1), 'hex')
    const asset = bytes.length === 0 ? undefined : context.assets.add(bytes, type)
    if (asset === undefined) {
      context.report.notKept(
        'image-over-limit',
        (n) => `${plural(n, 'picture')} left out: the conversion already holds as many pictures as it may`,
      )
      return
    }
    const label = type === 'image/x-emf' ? 'EMF' : type === 'image/x-wmf' ? 'WMF' : ''
    if (!isDisplayableImage(asset.contentType))
      context.report.notKept(
        `image-format-unsupported-${label.toLowerCase()}`,
        (n) =>
          `${plural(n, `${label} picture`)} (a format browsers cannot show) kept as ${n === 1 ? 'a file' : 'files'}, with a placeholder in the text`,
      )
    group.flow.runs.push({
      node: element('img', { src: context.assets.url(asset.name), alt: label === '' ? '' : `${label} picture` }),
      flags: 0,
      href: undefined,
    })
  }
}

function toMetadata(info: Record<string, string>): DocumentMetadata {
  return {
    title: info.title,
    authors: info.author === undefined ? undefined : [info.author],
    subject: info.subject,
    keywords: info.keywords?.split(/[,;]\s*/),
    description: info.doccomm,
  }
}
