import yauzl from 'yauzl'
import { ConversionInputError } from '../../errors.js'

/** What an office document or e-book may inflate to. A real 300-page document is a few MB of XML. */
const MAX_INFLATED_BYTES = 100 * 1024 * 1024
/** Past 10 MB, an entry that inflates more than 200× is not text a person wrote. */
const MAX_RATIO = 200
const RATIO_FROM_BYTES = 10 * 1024 * 1024
/** Most entries read: a document of a thousand pictures has a few thousand; a million is an attack on the directory walk. */
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
}

/** A zip-based document's entries, inflated once: `word/document.xml`, `content.xml`, `Pictures/1.png`… */
export class ZipArchive {
  constructor(private readonly entries: Map<string, Buffer>) {}

  /** Every entry's name, in the archive's order. */
  get names(): string[] {
    return [...this.entries.keys()]
  }

  /** An entry's bytes, by its name in the archive (a leading `/` and another letter case tolerated). */
  bytes(name: string): Buffer | undefined {
    const normalized = name.replace(/^\/+/, '')
    return this.entries.get(normalized) ?? this.entries.get(this.lowerCase().get(normalized.toLowerCase()) ?? '')
  }

  /** An entry as text (XML entries are UTF-8 or UTF-16 with a byte-order mark). */
  text(name: string): string | undefined {
    const bytes = this.bytes(name)
    if (bytes === undefined) return undefined
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes)
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes)
    return new TextDecoder('utf-8').decode(bytes)
  }

  private lowerCased: Map<string, string> | undefined
  private lowerCase(): Map<string, string> {
    this.lowerCased ??= new Map([...this.entries.keys()].map((key) => [key.toLowerCase(), key]))
    return this.lowerCased
  }
}

/**
 * Inflates every entry once, counting the bytes that actually come out, and refuses the archive
 * before anything reads it when they pass {@link MAX_INFLATED_BYTES}. The sizes a zip declares
 * are the attacker's to choose: 700 KB can declare 1 KB and inflate to 700 MB. yauzl reads the
 * central directory (as Word and LibreOffice do) and fails an entry that inflates past its
 * declared size; entries whose data overlap — one compressed kernel inflated many times over —
 * are refused outright, and so is a directory of more than {@link MAX_ENTRIES} entries. What
 * passes is the archive the conversion reads: it is inflated only once.
 */
export async function readZipArchive(bytes: Uint8Array, format: ZipFormat): Promise<ZipArchive> {
  const { label } = format
  const damaged = () =>
    new ConversionInputError(
      `the ${label} file is damaged or incomplete (its zip structure cannot be read); ${format.remedy ?? 'save it again and re-upload'}`,
    )
  const bomb = (inflated: number, name: string) =>
    new ConversionInputError(
      `the ${label} file would expand to ${mb(inflated)} MB (${name}); it looks like a zip bomb and was not opened`,
    )
  const parts = new Map<string, Buffer>()
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
    throw damaged()
  }
  try {
    if (zip.entryCount > MAX_ENTRIES)
      throw new ConversionInputError(
        `the ${label} file holds ${zip.entryCount.toLocaleString('en')} files, more than the ${MAX_ENTRIES.toLocaleString('en')} a document may; it was not opened`,
      )
    try {
      // The central directory alone: nothing is inflated until the layout has been checked.
      for await (const entry of zip.eachEntry()) entries.push(entry)
    } catch {
      throw damaged()
    }
    checkLayout(entries, label, bomb)
    const refusal = format.notThisFormat?.(entries.map((e) => e.fileName.replace(/^\/+/, '')))
    if (refusal !== undefined) throw new ConversionInputError(refusal)
    let inflated = 0
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue
      let entryBytes = 0
      const chunks: Buffer[] = []
      const stream = await zip.openReadStreamPromise(entry)
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        chunks.push(chunk)
        entryBytes += chunk.length
        inflated += chunk.length
        const ratioExceeded =
          entryBytes > RATIO_FROM_BYTES && entryBytes / Math.max(1, entry.compressedSize) > MAX_RATIO
        if (inflated > MAX_INFLATED_BYTES || ratioExceeded) {
          stream.destroy()
          throw bomb(ratioExceeded ? entryBytes : inflated, entry.fileName)
        }
      }
      parts.set(entry.fileName.replace(/^\/+/, ''), chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks))
    }
    return new ZipArchive(parts)
  } catch (error) {
    if (error instanceof ConversionInputError) throw error
    // yauzl's "too many bytes in the stream": an entry inflated past the size it declared.
    if (/too many bytes|expected \d+ bytes/i.test((error as Error).message)) {
      throw new ConversionInputError(
        `the ${label} file declares sizes its contents do not have; it looks like a zip bomb and was not opened`,
      )
    }
    throw damaged()
  } finally {
    zip.close()
  }
}

/** Declared sizes and shared data. */
function checkLayout(
  entries: yauzl.Entry[],
  label: string,
  bomb: (inflated: number, name: string) => ConversionInputError,
): void {
  let declared = 0
  for (const entry of entries) {
    declared += entry.uncompressedSize
    if (declared > MAX_INFLATED_BYTES) throw bomb(declared, entry.fileName)
  }
  // A local header is at least 30 bytes: the next entry may not start inside this one's data.
  const spans = entries
    .map((e) => [e.relativeOffsetOfLocalHeader, e.relativeOffsetOfLocalHeader + 30 + e.compressedSize] as const)
    .sort((a, b) => a[0] - b[0])
  for (let i = 1; i < spans.length; i++) {
    if ((spans[i] as readonly [number, number])[0] < (spans[i - 1] as readonly [number, number])[1]) {
      throw new ConversionInputError(
        `the ${label} file has entries that share their data; it looks like a zip bomb and was not opened`,
      )
    }
  }
}
