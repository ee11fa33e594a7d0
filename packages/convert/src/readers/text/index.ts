import { escapeLineStart, escapeText } from '../../markdown/escape.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { decodeText } from './decode.js'

/**
 * Plain text: Markdown that renders as the same text, line for line. Its lines are the document
 * — there is no structure in it to model — so each is escaped where Markdown would read syntax.
 */
export const reader: Reader = {
  async read(bytes: Uint8Array): Promise<ReaderOutput> {
    const lines = decodeText(bytes).replace(/\r\n?/g, '\n').split('\n')
    return { markdown: lines.map((line) => escapeLineStart(escapeText(line))).join('\n') }
  },
}
