import yauzl from 'yauzl'
import { ConversionInputError } from '../../errors.js'

/** What the parts of one package read whole may inflate to. A real 300-page document is a few MB of XML. */
const MAX_INFLATED_BYTES = 100 * 1024 * 1024
/** Past 10 MB, an entry that inflates more than 200× is not text a person wrote. */
const MAX_RATIO = 200
const RATIO_FROM_BYTES = 10 * 1024 * 1024
/** Members one package may list: an office file has tens to a few thousand. */
const MAX_ENTRIES = 20_000

const mb = (bytes: number) => Math.round(bytes / 1048576)

/** How a reader names its format in messages, and what makes a zip archive one of its documents. */
export interface ZipFormat {
  /** `DOCX`, `ODT`, `EPUB`: how messages name the file. */
  label: string
  /** Why the archive is not one of this format's documents (`undefined`: it is), from its entry names. */
  notThisFormat?: (names: string[]) => string | undefined
  /** What to tell the person whose file is damaged. @default 'save it again and re-upload' */
  remedy?: string
  /**
   * Refuse the package when the sizes its entries declare add up past the bound, before inflating
   * anything. Off for formats that stream their large parts (a spreadsheet's sheets). @default true
   */
  boundDeclared?: boolean
}

/**
 * A zip package (OOXML, and any other format built on zip) opened once: its central directory is
 * read and checked — members listed, entries whose data overlap (one compressed kernel inflated
 * many times over) refused — and entries are inflated on demand, every byte that actually comes
 * out counted against one budget. The sizes a zip declares are the attacker's to choose: 700 KB
 * can declare 1 KB and inflate to 700 MB; yauzl fails an entry that inflates past its declared size.
 */
export class ZipPackage {
  private inflated = 0
  private readonly lowerCased = new Map<string, string>()

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    readonly format: ZipFormat,
  ) {
    for (const name of entries.keys()) this.lowerCased.set(name.toLowerCase(), name)
  }

  static async open(bytes: Uint8Array, format: ZipFormat): Promise<ZipPackage> {
    let zip: yauzl.ZipFile
    const entries: yauzl.Entry[] = []
    try {
      zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        lazyEntries: true,
        autoClose: false,
        validateEntrySizes: true,
        strictFileNames: false,
      })
    } catch {
      throw damaged(format)
    }
    try {
      if (zip.entryCount > MAX_ENTRIES)
        throw new ConversionInputError(
          `the ${format.label} file holds ${zip.entryCount.toLocaleString('en')} files, more than the ${MAX_ENTRIES.toLocaleString('en')} a document may; it was not opened`,
        )
      // The central directory alone: nothing is inflated until the layout has been checked.
      for await (const entry of zip.eachEntry()) entries.push(entry)
    } catch (error) {
      zip.close()
      if (error instanceof ConversionInputError) throw error
      throw damaged(format)
    }
    try {
      checkLayout(entries, format)
      const refusal = format.notThisFormat?.(entries.map((e) => e.fileName.replace(/^\/+/, '')))
      if (refusal !== undefined) throw new ConversionInputError(refusal)
    } catch (error) {
      zip.close()
      throw error
    }
    const byName = new Map<string, yauzl.Entry>()
    for (const entry of entries)
      if (!entry.fileName.endsWith('/')) byName.set(entry.fileName.replace(/^\/+/, ''), entry)
    return new ZipPackage(zip, byName, format)
  }

  /** Every member's name, in the order the archive lists them. */
  names(): string[] {
    return [...this.entries.keys()]
  }

  /** A member's name as stored, for a name written with a leading `/` or in another case. */
  resolve(name: string): string | undefined {
    const normalized = name.replace(/^\/+/, '')
    if (this.entries.has(normalized)) return normalized
    return this.lowerCased.get(normalized.toLowerCase())
  }

  /** One member inflated whole, within the package's budget; `undefined` when there is none. */
  async read(name: string): Promise<Buffer | undefined> {
    const stored = this.resolve(name)
    if (stored === undefined) return undefined
    const entry = this.entries.get(stored) as yauzl.Entry
    const chunks: Buffer[] = []
    let entryBytes = 0
    for await (const chunk of this.inflate(entry)) {
      entryBytes += chunk.length
      this.inflated += chunk.length
      const ratioExceeded = entryBytes > RATIO_FROM_BYTES && entryBytes / Math.max(1, entry.compressedSize) > MAX_RATIO
      if (this.inflated > MAX_INFLATED_BYTES || ratioExceeded)
        throw bomb(this.format, ratioExceeded ? entryBytes : this.inflated, entry.fileName)
      chunks.push(chunk)
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
  }

  /**
   * One member inflated chunk by chunk, for parts too large to hold (a sheet of a million rows):
   * the caller stops reading when it has what its bounds allow, and the inflating stops with it.
   */
  async *stream(name: string): AsyncGenerator<Buffer> {
    const stored = this.resolve(name)
    if (stored === undefined) return
    yield* this.inflate(this.entries.get(stored) as yauzl.Entry)
  }

  close(): void {
    this.zip.close()
  }

  private async *inflate(entry: yauzl.Entry): AsyncGenerator<Buffer> {
    let stream: NodeJS.ReadableStream & { destroy(): void }
    try {
      stream = (await this.zip.openReadStreamPromise(entry)) as typeof stream
    } catch {
      throw damaged(this.format)
    }
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk
    } catch (error) {
      if (error instanceof ConversionInputError) throw error
      // yauzl's "too many bytes in the stream": an entry inflated past the size it declared.
      if (/too many bytes|expected \d+ bytes/i.test((error as Error).message)) {
        throw new ConversionInputError(
          `the ${this.format.label} file declares sizes its contents do not have; it looks like a zip bomb and was not opened`,
        )
      }
      throw damaged(this.format)
    } finally {
      stream.destroy()
    }
  }
}

/** Declared sizes (when the format reads every part whole) and shared data. */
function checkLayout(entries: yauzl.Entry[], format: ZipFormat): void {
  if (format.boundDeclared !== false) {
    let declared = 0
    for (const entry of entries) {
      declared += entry.uncompressedSize
      if (declared > MAX_INFLATED_BYTES) throw bomb(format, declared, entry.fileName)
    }
  }
  // A local header is at least 30 bytes: the next entry may not start inside this one's data.
  const spans = entries
    .map((e) => [e.relativeOffsetOfLocalHeader, e.relativeOffsetOfLocalHeader + 30 + e.compressedSize] as const)
    .sort((a, b) => a[0] - b[0])
  for (let i = 1; i < spans.length; i++) {
    if ((spans[i] as readonly [number, number])[0] < (spans[i - 1] as readonly [number, number])[1]) {
      throw new ConversionInputError(
        `the ${format.label} file has entries that share their data; it looks like a zip bomb and was not opened`,
      )
    }
  }
}

const bomb = (format: ZipFormat, bytes: number, name: string) =>
  new ConversionInputError(
    `the ${format.label} file would expand to ${mb(bytes)} MB (${name}); it looks like a zip bomb and was not opened`,
  )

export function damaged(format: ZipFormat): ConversionInputError {
  return new ConversionInputError(
    `the ${format.label} file is damaged or incomplete (its zip structure cannot be read); ${format.remedy ?? 'save it again and re-upload'}`,
  )
}
