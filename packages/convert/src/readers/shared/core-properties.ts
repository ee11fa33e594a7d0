import type { ConversionContext } from '../../context/context.js'
import type { DocumentMetadata } from '../../types.js'
import { readSax } from './sax.js'

/** Values longer than this are not a title or a name a person typed. */
const MAX_VALUE = 1000

/**
 * An OOXML package's core properties (`docProps/core.xml`: Dublin Core inside OPC) as the
 * document's metadata. `cp:lastModifiedBy` is not an author; `cp:keywords` is split on `,`/`;`.
 */
export async function parseCoreProperties(bytes: Uint8Array | undefined): Promise<DocumentMetadata> {
  const metadata: DocumentMetadata = {}
  if (bytes === undefined) return metadata
  const values: Record<string, string> = {}
  let current: string | undefined
  let depth = 0
  await readSax(bytes, () => ({
    open(tag) {
      depth++
      // Children of cp:coreProperties only (depth 2).
      current = depth === 2 ? tag : undefined
      if (current !== undefined) values[current] ??= ''
    },
    close() {
      depth--
      current = undefined
    },
    text(text) {
      if (current !== undefined && (values[current] as string).length < MAX_VALUE) values[current] += text
    },
  }))
  const value = (key: string) => values[key]?.trim().slice(0, MAX_VALUE) || undefined
  metadata.title = value('title')
  const creator = value('creator')
  if (creator !== undefined) metadata.authors = creator.split(/\s*;\s*/).filter(Boolean)
  metadata.subject = value('subject')
  metadata.description = value('description')
  const keywords = value('keywords')
  if (keywords !== undefined) metadata.keywords = keywords.split(/\s*[,;]\s*/).filter(Boolean)
  metadata.created = value('created')
  metadata.modified = value('modified')
  metadata.language = value('language')
  return metadata
}

/** Reads `docProps/core.xml` (or where the package relationships say) into the report. */
export async function readCoreProperties(
  source: { read(name: string): Promise<Uint8Array | undefined> },
  context: ConversionContext,
): Promise<void> {
  try {
    context.report.metadata(await parseCoreProperties(await source.read('docProps/core.xml')))
  } catch {
    // Metadata is not content: a damaged properties part loses nothing the reader converts.
  }
}
