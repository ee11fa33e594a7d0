import type { ConversionContext } from '../../context/context.js'
import { decodeText } from '../text/decode.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { parseHtml } from './parse.js'

/**
 * HTML: htmlparser2 parses the page the forgiving way browsers do into the document tree itself
 * (tree/model.ts is HTML's vocabulary), so nothing is translated; the writer keeps headings,
 * lists (task and description lists too), tables (HTML where GitHub tables cannot say them),
 * pictures (`data:` ones as assets), links, code, equations and footnotes, and reports what it
 * cannot keep (embedded frames, videos). The whole document is read, not only `<body>`: what a
 * broken page puts after `</body>` or inside an unclosed `<head>` is still its text.
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    return { tree: parseHtml(decodeText(bytes), context.limits) }
  },
}
