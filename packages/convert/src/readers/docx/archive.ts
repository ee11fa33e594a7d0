import { ConversionInputError } from '../../errors.js'
import { ZipPackage } from '../shared/zip.js'

/** A package's parts, inflated once: `word/document.xml`, `ppt/slides/slide1.xml`, `word/media/image1.png`… */
export class DocxArchive {
  constructor(private readonly entries: Map<string, Buffer>) {}

  /** A part's bytes, by its name in the archive (leading `/` and case as Word writes them tolerated). */
  bytes(name: string): Buffer | undefined {
    const normalized = name.replace(/^\/+/, '')
    return this.entries.get(normalized) ?? this.entries.get(this.lowerCase().get(normalized.toLowerCase()) ?? '')
  }

  /** A part as text (XML parts are UTF-8 or UTF-16 with a byte-order mark). */
  text(name: string): string | undefined {
    const bytes = this.bytes(name)
    if (bytes === undefined) return undefined
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes)
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes)
    return new TextDecoder('utf-8').decode(bytes)
  }

  /** Every part's name. */
  names(): string[] {
    return [...this.entries.keys()]
  }

  private lowerCased: Map<string, string> | undefined
  private lowerCase(): Map<string, string> {
    this.lowerCased ??= new Map([...this.entries.keys()].map((key) => [key.toLowerCase(), key]))
    return this.lowerCased
  }
}

/**
 * Inflates every part of an OOXML package once (shared/zip.ts counts the bytes that actually come
 * out and refuses a zip bomb before anything reads it), after checking that it holds `mainPart`.
 * What passes is the archive the conversion reads. DOCX and PPTX read it; XLSX streams its sheets.
 */
export async function readOoxmlArchive(
  bytes: Uint8Array,
  format: { label: string; app: string; mainPart: string; kind: string },
): Promise<DocxArchive> {
  const zip = await ZipPackage.open(bytes, format)
  try {
    if (zip.resolve(format.mainPart) === undefined) {
      throw new ConversionInputError(`the file is a zip archive but not ${format.kind} (no ${format.mainPart})`)
    }
    const parts = new Map<string, Buffer>()
    for (const name of zip.names()) parts.set(name, (await zip.read(name)) as Buffer)
    return new DocxArchive(parts)
  } finally {
    zip.close()
  }
}

/** A Word document's parts (see {@link readOoxmlArchive}). */
export const readDocxArchive = (bytes: Uint8Array): Promise<DocxArchive> =>
  readOoxmlArchive(bytes, { label: 'DOCX', app: 'Word', mainPart: 'word/document.xml', kind: 'a Word document' })
