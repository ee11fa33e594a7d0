import type { ConversionContext, EmbeddedRead } from './context/context.js'
import { detect } from './detect.js'
import { normalizeMarkdown } from './markdown/normalize.js'
import { readerFor } from './readers/registry.js'

/**
 * How `convert` reads a document found inside another (a mail's attachment, an archive's member):
 * detected from its bytes and name and read by the engine's reader for its format — whatever
 * formats the registry lists — into the same context. Readers reach it as `context.embedded`, so
 * that no reader imports the registry (which imports every reader).
 */
export async function readEmbedded(bytes: Uint8Array, name: string, context: ConversionContext): Promise<EmbeddedRead> {
  const detection = await detect(bytes, name)
  if (!detection.ok) return { ok: false, reason: detection.reason }
  const read = await (await readerFor(detection.format)).read(bytes, context)
  return 'tree' in read
    ? { ok: true, format: detection.format, tree: read.tree }
    : { ok: true, format: detection.format, markdown: normalizeMarkdown(read.markdown) }
}
