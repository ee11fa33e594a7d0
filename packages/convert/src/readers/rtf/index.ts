import { ConversionInputError } from '../../errors.js'
import type { Reader } from '../reader.js'
import { readRtf } from './interpret.js'

/**
 * RTF (Word, WordPad, TextEdit, LibreOffice). Our own reader (interpret.ts): the JavaScript RTF
 * libraries either need a browser's DOM (rtf.js) or drop tables, lists and notes (ADR 077). RTF
 * is 7-bit text: its bytes are read as Latin-1 and `\'hh` escapes decoded in the document's code
 * page. What is kept: docs/formats/rtf.md.
 */
export const reader: Reader = {
  async read(bytes, context) {
    const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
    if (!/^\s*\{\\rtf/.test(source.slice(0, 64)))
      throw new ConversionInputError(
        'the file does not start as an RTF document does ({\\rtf); save it again as RTF and re-upload',
      )
    context.progress(10)
    const { tree, metadata } = readRtf(source, context)
    context.report.metadata(metadata)
    context.progress(70)
    return { tree }
  },
}
