import { ConversionInputError } from '../../errors.js'

/** A record of the `PowerPoint Document` stream ([MS-PPT] 2.3.1 RecordHeader): its data is `data`..`end`. */
export interface PptRecord {
  type: number
  instance: number
  /** 0xF: a container, whose data is records. */
  version: number
  data: number
  end: number
}

/** The record types read ([MS-PPT] 2.13.24 RecordType, [MS-ODRAW] for the drawing's). */
export const RT = {
  Document: 0x03e8,
  Slide: 0x03ee,
  SlideAtom: 0x03ef,
  Notes: 0x03f0,
  SlidePersistAtom: 0x03f3,
  SlideShowSlideInfoAtom: 0x03f9,
  PPDrawing: 0x040c,
  OEPlaceholderAtom: 0x0bc3,
  OutlineTextRefAtom: 0x0f9e,
  TextHeaderAtom: 0x0f9f,
  TextCharsAtom: 0x0fa0,
  StyleTextPropAtom: 0x0fa1,
  TextBytesAtom: 0x0fa8,
  SlideListWithText: 0x0ff0,
  UserEditAtom: 0x0ff5,
  PersistDirectoryAtom: 0x1772,
  CryptSession10Container: 0x2f14,
  DgContainer: 0xf002,
  SpgrContainer: 0xf003,
  SpContainer: 0xf004,
  Opt: 0xf00b,
  ClientTextbox: 0xf00d,
  ChildAnchor: 0xf00f,
  ClientAnchor: 0xf010,
  ClientData: 0xf011,
  TertiaryOpt: 0xf122,
} as const

/**
 * Reads the records of the `PowerPoint Document` stream, bounded: at most `maxRecords` headers
 * read in all (a stream of empty records cannot spin), and every record inside its container and
 * the stream — a length past either is a damaged file, refused, never read past. Nesting is
 * bounded by the readers that descend (index.ts: groups of shapes).
 */
export class PptStream {
  private records = 0

  constructor(
    readonly bytes: Buffer,
    private readonly maxRecords: number,
  ) {}

  /** The record whose header is at `offset`, or a damaged-file error. */
  at(offset: number, end = this.bytes.length): PptRecord {
    if (!Number.isInteger(offset) || offset < 0 || offset + 8 > end)
      throw damaged('a record points past the end of the stream')
    if (++this.records > this.maxRecords)
      throw new ConversionInputError(
        `the PPT file has more than ${this.maxRecords.toLocaleString('en')} records, more than a conversion reads; it cannot be converted`,
      )
    const head = this.bytes.readUInt16LE(offset)
    const length = this.bytes.readUInt32LE(offset + 4)
    if (offset + 8 + length > end) throw damaged('a record is longer than what holds it')
    return {
      type: this.bytes.readUInt16LE(offset + 2),
      instance: head >> 4,
      version: head & 0xf,
      data: offset + 8,
      end: offset + 8 + length,
    }
  }

  /** The records directly inside `container`. */
  children(container: PptRecord): PptRecord[] {
    const out: PptRecord[] = []
    if (container.version !== 0xf) return out
    for (let offset = container.data; offset < container.end;) {
      const record = this.at(offset, container.end)
      out.push(record)
      offset = record.end
    }
    return out
  }

  u8 = (offset: number, record: PptRecord) => (offset + 1 <= record.end ? this.bytes.readUInt8(offset) : 0)
  u16 = (offset: number, record: PptRecord) => (offset + 2 <= record.end ? this.bytes.readUInt16LE(offset) : 0)
  u32 = (offset: number, record: PptRecord) => (offset + 4 <= record.end ? this.bytes.readUInt32LE(offset) : 0)
  i16 = (offset: number, record: PptRecord) => (offset + 2 <= record.end ? this.bytes.readInt16LE(offset) : 0)
  i32 = (offset: number, record: PptRecord) => (offset + 4 <= record.end ? this.bytes.readInt32LE(offset) : 0)
}

export const damaged = (why: string) =>
  new ConversionInputError(
    `the PPT file is damaged (${why}); open it in PowerPoint or LibreOffice, save it again and re-upload`,
  )

/** Most edits followed back through the file's history ([MS-PPT] 2.3.3 UserEditAtom.offsetLastEdit). */
const MAX_EDITS = 1024

/**
 * Where each persistent object is (persist id → stream offset) and which one is the document,
 * from the newest edit back through the older ones ([MS-PPT] 2.1.2): an id the newer edit moved is
 * not taken from an older one. An edit chain that loops back on itself ends where it loops.
 */
export function persistDirectory(
  stream: PptStream,
  firstEdit: number,
): { offsets: Map<number, number>; document: number } {
  const offsets = new Map<number, number>()
  const seen = new Set<number>()
  let document: number | undefined
  for (let edit = firstEdit; edit !== 0 && !seen.has(edit) && seen.size < MAX_EDITS;) {
    seen.add(edit)
    const atom = stream.at(edit)
    if (atom.type !== RT.UserEditAtom) throw damaged('the current edit is not where the file says')
    document ??= stream.u32(atom.data + 16, atom)
    const directory = stream.at(stream.u32(atom.data + 12, atom))
    if (directory.type !== RT.PersistDirectoryAtom) throw damaged('the persist directory is not where the edit says')
    for (let offset = directory.data; offset + 4 <= directory.end;) {
      const entry = stream.bytes.readUInt32LE(offset)
      const first = entry & 0xfffff
      const count = entry >>> 20
      offset += 4
      for (let i = 0; i < count && offset + 4 <= directory.end; i++, offset += 4)
        if (!offsets.has(first + i)) offsets.set(first + i, stream.bytes.readUInt32LE(offset))
    }
    edit = stream.u32(atom.data + 8, atom)
  }
  if (document === undefined) throw damaged('no edit found')
  return { offsets, document }
}
