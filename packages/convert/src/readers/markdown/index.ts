import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { decodeText } from '../text/decode.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { boundNesting } from './depth.js'

/**
 * Markdown is already Markdown: passed through, nested no deeper than `limits.markdownDepth`
 * (deeper block quotes and lists are flattened and reported: see depth.ts), then normalized as
 * every output is.
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    const maxDepth = context.limits.markdownDepth
    const { markdown, flattened } = boundNesting(decodeText(bytes), maxDepth)
    if (flattened > 0)
      context.report.notKept(
        'nesting-flattened',
        (n) => `${plural(n, 'line')} nested more than ${maxDepth} quotes or lists deep flattened to ${maxDepth} levels`,
        flattened,
      )
    return { markdown }
  },
}
