import * as XLSX from '@e965/xlsx'
import { ConversionInputError } from '../../errors.js'
import { readSax } from '../shared/sax.js'
import type { ZipPackage } from '../shared/zip.js'
import { directoryOf, resolvePart } from '../shared/part-names.js'

/** One sheet the workbook lists, in its order. */
export interface SheetEntry {
  name: string
  /** The worksheet part (`xl/worksheets/sheet1.xml`), or `undefined` when the relationship is missing. */
  part: string | undefined
  hidden: boolean
  /** A chart sheet: a chart on a sheet of its own, no cells. */
  chart: boolean
}

export interface Workbook {
  sheets: SheetEntry[]
  date1904: boolean
  /** Format code per cell style (`s` attribute index). */
  formats: string[]
  sharedStrings: string[]
  /** Shared strings past the bound, read as empty. */
  sharedStringsDropped: number
}

/** The characters all shared strings of a workbook may hold: far past a real workbook's, well within memory. */
const MAX_SHARED_CHARS = 48 * 1024 * 1024
/** Shared strings read at most. */
const MAX_SHARED_STRINGS = 4_000_000

/** A part's relationships: id → part name and type. */
async function relationships(zip: ZipPackage, part: string): Promise<Map<string, { target: string; type: string }>> {
  const directory = directoryOf(part)
  const name = part.slice(part.lastIndexOf('/') + 1)
  const bytes = await zip.read(`${directory === '' ? '' : `${directory}/`}_rels/${name}.rels`)
  const found = new Map<string, { target: string; type: string }>()
  if (bytes === undefined) return found
  await readSax(bytes, () => ({
    open(tag, attributes) {
      if (tag !== 'Relationship' || attributes.Id === undefined || attributes.Target === undefined) return
      if ((attributes.TargetMode ?? '').toLowerCase() === 'external') return
      found.set(attributes.Id, { target: resolvePart(directory, attributes.Target), type: attributes.Type ?? '' })
    },
  }))
  return found
}

/** The workbook part, as the package relationships name it. */
async function workbookPart(zip: ZipPackage): Promise<string> {
  for (const relationship of (await relationships(zip, '')).values())
    if (/\/officeDocument$/.test(relationship.type)) return relationship.target
  return 'xl/workbook.xml'
}

/**
 * The workbook's sheets, styles' number formats and shared strings — everything but the sheets'
 * cells, which are streamed (sheet.ts).
 */
export async function readWorkbook(zip: ZipPackage): Promise<Workbook> {
  const part = await workbookPart(zip)
  const bytes = await zip.read(part)
  if (bytes === undefined)
    throw new ConversionInputError(`the file is a zip archive but not an Excel workbook (no ${part})`)
  const rels = await relationships(zip, part)
  const sheets: SheetEntry[] = []
  let date1904 = false
  await readSax(bytes, () => ({
    open(tag, attributes) {
      if (tag === 'workbookPr') date1904 = /^(1|true)$/i.test(attributes.date1904 ?? '')
      if (tag !== 'sheet') return
      const id = attributes['r:id'] ?? Object.entries(attributes).find(([key]) => key.endsWith(':id'))?.[1]
      const relationship = id === undefined ? undefined : rels.get(id)
      sheets.push({
        name: attributes.name ?? `Sheet${sheets.length + 1}`,
        part: relationship?.target,
        hidden: /hidden/i.test(attributes.state ?? ''),
        chart: /\/chartsheet$/.test(relationship?.type ?? ''),
      })
    },
  }))
  let stylesPart: string | undefined
  let stringsPart: string | undefined
  for (const relationship of rels.values()) {
    if (/\/styles$/.test(relationship.type)) stylesPart = relationship.target
    if (/\/sharedStrings$/.test(relationship.type)) stringsPart = relationship.target
  }
  const formats = await readFormats(zip, stylesPart)
  const { strings, dropped } = await readSharedStrings(zip, stringsPart)
  return { sheets, date1904, formats, sharedStrings: strings, sharedStringsDropped: dropped }
}

/** The format code of each cell style: custom codes from `numFmts`, built-in ones from SheetJS's table. */
async function readFormats(zip: ZipPackage, part: string | undefined): Promise<string[]> {
  const bytes = part === undefined ? undefined : await zip.read(part)
  if (bytes === undefined) return []
  const custom = new Map<number, string>()
  const formats: string[] = []
  const builtIn = XLSX.SSF.get_table() as Record<number, string>
  let inCellXfs = false
  await readSax(bytes, () => ({
    open(tag, attributes) {
      if (tag === 'numFmt') custom.set(Number(attributes.numFmtId), attributes.formatCode ?? 'General')
      else if (tag === 'cellXfs') inCellXfs = true
      else if (tag === 'xf' && inCellXfs) {
        const id = Number(attributes.numFmtId ?? 0)
        formats.push(custom.get(id) ?? builtIn[id] ?? 'General')
      }
    },
    close(tag) {
      if (tag === 'cellXfs') inCellXfs = false
    },
  }))
  return formats
}

/** The shared strings (`si`), their text without phonetic guides (`rPh`), streamed. */
async function readSharedStrings(
  zip: ZipPackage,
  part: string | undefined,
): Promise<{ strings: string[]; dropped: number }> {
  const strings: string[] = []
  let dropped = 0
  if (part === undefined) return { strings, dropped }
  let chars = 0
  let current: string | undefined
  let inText = false
  let phonetic = 0
  await readSax(zip.stream(part), (reader) => ({
    open(tag) {
      if (reader.stopped) return
      if (tag === 'si') current = ''
      else if (tag === 'rPh') phonetic++
      else if (tag === 't' && phonetic === 0) inText = true
    },
    close(tag) {
      if (tag === 't') inText = false
      else if (tag === 'rPh') phonetic--
      else if (tag === 'si' && current !== undefined) {
        chars += current.length
        if (chars > MAX_SHARED_CHARS) {
          strings.push('')
          dropped++
        } else strings.push(current)
        current = undefined
        // A table no sheet within the cell bound could reference: the rest is never read.
        if (strings.length >= MAX_SHARED_STRINGS) reader.stop()
      }
    },
    text(text) {
      if (inText && current !== undefined && current.length < 32_768) current += text
    },
  }))
  return { strings, dropped }
}
