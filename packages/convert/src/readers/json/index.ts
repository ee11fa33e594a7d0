import type { ConversionContext } from '../../context/context.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot } from '../../tree/build.js'
import { decodeText } from '../text/decode.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { fencedBlock } from '../shared/fenced.js'
import { geoJsonTree, isGeoJson } from './geojson.js'

/**
 * JSON: pretty-printed (two spaces) in a fenced block, at most `limits.structuredMaxChars` of it
 * (the rest counted as `structured-data-truncated`). GeoJSON is recognised first: its features
 * become a table (geojson.ts).
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    let value: unknown
    try {
      value = JSON.parse(decodeText(bytes))
    } catch (error) {
      throw new ConversionInputError(`the JSON cannot be read (${(error as Error).message})`)
    }
    if (isGeoJson(value)) return { tree: geoJsonTree(value, context) }
    const root = documentRoot()
    appendNode(
      root,
      fencedBlock(
        JSON.stringify(value, null, 2),
        'json',
        context.limits.structuredMaxChars,
        context.report,
        'structured-data-truncated',
        'JSON',
      ),
    )
    return { tree: root }
  },
}
