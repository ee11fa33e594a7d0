import { ZipPackage, type ZipFormat } from './zip.js'

export type { ZipFormat } from './zip.js'

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
 * before anything reads it when they pass what a document may hold (zip.ts: the central directory
 * read and checked first — declared sizes, entries whose data overlap, more than 20,000 entries —
 * then each entry inflated within one budget). What passes is the archive the conversion reads:
 * it is inflated only once. Readers of large parts (a spreadsheet's sheets) stream them through
 * {@link ZipPackage} instead.
 */
export async function readZipArchive(bytes: Uint8Array, format: ZipFormat): Promise<ZipArchive> {
  const zip = await ZipPackage.open(bytes, format)
  try {
    const parts = new Map<string, Buffer>()
    for (const name of zip.names()) parts.set(name, (await zip.read(name)) as Buffer)
    return new ZipArchive(parts)
  } finally {
    zip.close()
  }
}
