import { decoderFor } from '../rtf/codepages.js'

/** Destinations that hold no text of the body: a font or colour table, a picture, document info. */
const tables = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'object',
  'listtable',
  'listoverridetable',
  'generator',
  'xmlnstbl',
  'rsidtbl',
  'themedata',
  'datastore',
])

interface Group {
  /** A destination whose text is not the HTML's (`{\*\mhtmltag…}`, `{\fonttbl…}`). */
  skip: boolean
  /** Inside `{\*\htmltag…}`: the original HTML's markup, written whatever `\htmlrtf` says. */
  tag: boolean
  /** Inside `\htmlrtf` … `\htmlrtf0`: RTF that Outlook added for RTF readers, not in the HTML. */
  rtfOnly: boolean
}

/**
 * The HTML an RTF body encapsulates ([MS-OXRTFEX]: Outlook keeps an HTML mail as RTF marked
 * `\fromhtml1`), or undefined when the RTF is not such a body. The HTML is the text of the
 * `{\*\htmltag}` groups and the text outside `\htmlrtf` regions, in order; `\par` is a line
 * break, `\'hh` a byte in the document's code page, `\uN` a character (its fallback skipped).
 */
export function encapsulatedHtml(rtf: string): string | undefined {
  if (!/\\fromhtml1/.test(rtf.slice(0, 1024))) return undefined
  const codepage = /\\ansicpg(\d+)/.exec(rtf.slice(0, 1024))
  const decoder = decoderFor(codepage ? Number(codepage[1]) : 1252)
  let html = ''
  let bytes: number[] = []
  const flush = () => {
    if (bytes.length > 0) html += decoder.decode(Uint8Array.from(bytes))
    bytes = []
  }
  const stack: Group[] = []
  let group: Group = { skip: false, tag: false, rtfOnly: false }
  const writes = () => !group.skip && (group.tag || !group.rtfOnly)
  const emit = (text: string) => {
    if (!writes()) return
    flush()
    html += text
  }
  /** Whether the next control word opens the group (a destination's name comes first). */
  let groupStart = false
  let starred = false
  let fallback = 1
  let skipChars = 0
  const token = /\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+/gy
  for (let match = token.exec(rtf); match !== null; match = token.exec(rtf)) {
    const [, word, param, hex, symbol, brace, text] = match
    const opening: boolean = groupStart
    groupStart = false
    if (skipChars > 0 && (text !== undefined || hex !== undefined)) {
      if (text !== undefined && text.length > skipChars) {
        const rest = text.slice(skipChars)
        skipChars = 0
        emit(rest)
      } else skipChars -= text?.length ?? 1
      continue
    }
    if (brace === '{') {
      stack.push(group)
      group = { ...group }
      groupStart = true
    } else if (brace === '}') {
      group = stack.pop() ?? group
      starred = false
    } else if (text !== undefined) emit(text)
    else if (hex !== undefined) {
      if (writes()) bytes.push(Number.parseInt(hex, 16))
    } else if (symbol !== undefined) {
      if (symbol === '*') {
        starred = true
        groupStart = opening
      } else if (symbol === '\\' || symbol === '{' || symbol === '}') emit(symbol)
      else if (symbol === '~') emit('\u00a0')
    } else if (word !== undefined) {
      if (opening && (starred || tables.has(word))) {
        starred = false
        if (word === 'htmltag') group = { skip: false, tag: true, rtfOnly: false }
        else group.skip = true
        continue
      }
      starred = false
      if (word === 'htmlrtf') group.rtfOnly = param !== '0'
      else if (word === 'par' || word === 'line') emit('\r\n')
      else if (word === 'tab') emit('\t')
      else if (word === 'uc') fallback = Math.max(0, Number(param ?? 1))
      else if (word === 'u' && param !== undefined) {
        const code = Number(param)
        emit(String.fromCharCode(code < 0 ? code + 65536 : code))
        skipChars = fallback
      }
    }
  }
  flush()
  return html
}
