import chardet from 'chardet'
import iconv from 'iconv-lite'
import { ConversionInputError } from '../../errors.js'

/** How much of a file encoding detection looks at: enough for Shift-JIS and code pages to show. */
const SAMPLE_BYTES = 256 * 1024

/** chardet's names → what iconv-lite decodes, with Excel's superset where one exists (Shift-JIS → cp932). */
const decoders: Record<string, string> = {
  Shift_JIS: 'cp932',
  'windows-1252': 'win1252',
  'ISO-8859-1': 'win1252',
  'windows-1251': 'win1251',
  'ISO-8859-2': 'iso-8859-2',
  'windows-1250': 'win1250',
  'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr',
  GB18030: 'gb18030',
  Big5: 'big5',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  'KOI8-R': 'koi8-r',
}

/**
 * Delimited text from the bytes a spreadsheet saved: a byte-order mark says UTF-8 or UTF-16;
 * valid UTF-8 is UTF-8; anything else is what chardet says it most likely is (Excel in Japan
 * saves cp932, in Western Europe Windows-1252), decoded by iconv-lite. Returns the text and the
 * encoding used, for the report.
 */
export function decodeDelimited(bytes: Uint8Array): { text: string; encoding: string } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf)
    return { text: buffer.subarray(3).toString('utf8'), encoding: 'UTF-8' }
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16le'), encoding: 'UTF-16LE' }
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), 'utf-16be'), encoding: 'UTF-16BE' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'UTF-8' }
  } catch {
    // Not UTF-8: a code page or a multi-byte legacy encoding.
  }
  const sample = buffer.subarray(0, SAMPLE_BYTES)
  if (looksJapanese(sample)) return { text: iconv.decode(buffer, 'cp932'), encoding: 'Shift_JIS (cp932)' }
  const guessed = chardet.detect(sample) ?? 'windows-1252'
  const decoder = decoders[guessed] ?? (iconv.encodingExists(guessed) ? guessed : 'win1252')
  if (!iconv.encodingExists(decoder))
    throw new ConversionInputError(
      `the file's character encoding (${guessed}) cannot be read; save it as UTF-8 and re-upload`,
    )
  return { text: iconv.decode(buffer, decoder), encoding: guessed === 'Shift_JIS' ? 'Shift_JIS (cp932)' : guessed }
}

/**
 * Shift-JIS text a statistical guess may miss when short (two lines of a price list): decoded as
 * cp932 it has nothing undecodable, and kana — which Japanese prose and labels are full of — make
 * up at least a third of its non-ASCII characters. Western text read as cp932 has almost none:
 * kana need the lead bytes 0x82/0x83, `‚` and `ƒ` in Windows-1252.
 */
function looksJapanese(bytes: Buffer): boolean {
  const text = iconv.decode(bytes, 'cp932')
  let nonAscii = 0
  let kana = 0
  for (const char of text) {
    const code = char.charCodeAt(0)
    if (code === 0xfffd) return false
    if (code < 0x80) continue
    nonAscii++
    if (code >= 0x3040 && code <= 0x30ff) kana++
  }
  return nonAscii > 0 && kana * 3 >= nonAscii
}
