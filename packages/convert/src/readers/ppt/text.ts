import { RT, type PptRecord, type PptStream } from './records.js'

/** [MS-PPT] 2.13.33 TextTypeEnum, the ones the slide policy tells apart. */
export const TEXT_TITLE = 0
export const TEXT_BODY = 1
export const TEXT_NOTES = 2
export const TEXT_CENTER_TITLE = 6
const BODIES = new Set([TEXT_BODY, 7, 8])

/** One paragraph of a text box: its text (line breaks as `\n`), level, and bullet when its style says. */
export interface PptParagraph {
  text: string
  level: number
  /** `true`/`false` when the paragraph sets its bullet; `undefined` inherits (a body's are bullets). */
  bullet: boolean | undefined
}

export interface PptText {
  type: number
  paragraphs: PptParagraph[]
}

/** A text box's paragraphs as bullets or not: what the paragraph sets, else what its type inherits from the master. */
export const isBullet = (text: PptText, paragraph: PptParagraph): boolean => paragraph.bullet ?? BODIES.has(text.type)

/**
 * The texts among `records` (a `ClientTextbox`'s or a `SlideListWithText`'s children): each
 * `TextHeaderAtom` opens one, its `TextCharsAtom` (UTF-16) or `TextBytesAtom` (the low bytes of
 * UTF-16, so Latin-1) gives the characters, paragraphs split at CR; its `StyleTextPropAtom` gives
 * each paragraph's indent level and bullet. `budget.chars` bounds the characters read in all.
 */
export function textsOf(stream: PptStream, records: PptRecord[], budget: { chars: number }): PptText[] {
  const texts: PptText[] = []
  let current: { type: number; raw: string } | undefined
  const close = (style?: PptRecord) => {
    if (current === undefined) return
    texts.push({ type: current.type, paragraphs: paragraphsOf(stream, current.raw, style) })
    current = undefined
  }
  for (const record of records) {
    if (record.type === RT.TextHeaderAtom) {
      close()
      current = { type: stream.u32(record.data, record), raw: '' }
    } else if (current !== undefined && (record.type === RT.TextCharsAtom || record.type === RT.TextBytesAtom)) {
      const length = record.end - record.data
      budget.chars -= record.type === RT.TextCharsAtom ? length / 2 : length
      if (budget.chars < 0) throw new RangeError('more text than a conversion reads')
      const bytes = stream.bytes.subarray(record.data, record.end)
      current.raw += record.type === RT.TextCharsAtom ? bytes.toString('utf16le') : bytes.toString('latin1')
    } else if (current !== undefined && record.type === RT.StyleTextPropAtom) close(record)
  }
  close()
  return texts
}

/** PFMasks bits ([MS-PPT] 2.9.22) whose fields come before the ones a paragraph run needs, with their sizes. */
const BULLET_FLAGS = 0x0f
const fieldsAfterBullet: Array<[number, number]> = [
  [1 << 7, 2], // bulletChar
  [1 << 4, 2], // bulletFontRef
  [1 << 6, 2], // bulletSize
  [1 << 5, 4], // bulletColor
  [1 << 11, 2], // textAlignment
  [1 << 12, 2], // lineSpacing
  [1 << 13, 2], // spaceBefore
  [1 << 14, 2], // spaceAfter
  [1 << 8, 2], // leftMargin
  [1 << 10, 2], // indent
  [1 << 15, 2], // defaultTabSize
]
const TAB_STOPS = 1 << 20
const trailing: Array<[number, number]> = [
  [1 << 16, 2], // fontAlign
  [(1 << 17) | (1 << 18) | (1 << 19), 2], // wrapFlags
  [1 << 21, 2], // textDirection
]

/**
 * Splits `raw` into paragraphs and reads the paragraph runs of `style` ([MS-PPT] 2.9.44
 * StyleTextPropAtom, 2.9.20 TextPFException): each run covers a count of characters with an
 * indent level and, when its masks say, a bullet flag. A run the atom cannot hold ends the reading:
 * what is read is kept, the rest of the paragraphs inherit.
 */
function paragraphsOf(stream: PptStream, raw: string, style: PptRecord | undefined): PptParagraph[] {
  const texts = raw.split('\r')
  const formats: Array<{ level: number; bullet: boolean | undefined; count: number }> = []
  if (style !== undefined) {
    let offset = style.data
    let covered = 0
    while (covered < raw.length + 1 && offset + 10 <= style.end) {
      const count = stream.u32(offset, style)
      const level = stream.u16(offset + 4, style)
      const masks = stream.u32(offset + 6, style)
      offset += 10
      let bullet: boolean | undefined
      if ((masks & BULLET_FLAGS) !== 0) {
        if ((masks & 1) !== 0) bullet = (stream.u16(offset, style) & 1) !== 0
        offset += 2
      }
      for (const [bit, size] of fieldsAfterBullet) if ((masks & bit) !== 0) offset += size
      if ((masks & TAB_STOPS) !== 0) offset += 2 + 4 * stream.u16(offset, style)
      for (const [bits, size] of trailing) if ((masks & bits) !== 0) offset += size
      if (count === 0 || offset > style.end) break
      formats.push({ level: Math.min(8, level), bullet, count })
      covered += count
    }
  }
  const paragraphs: PptParagraph[] = []
  let position = 0
  let run = 0
  let runEnd = formats[0]?.count ?? Number.POSITIVE_INFINITY
  for (const text of texts) {
    while (position >= runEnd && run < formats.length - 1) runEnd += formats[++run]?.count ?? 0
    const format = position < runEnd ? formats[run] : undefined
    paragraphs.push({
      // A vertical tab is a line break inside the paragraph; other control characters are fields' marks.
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      text: text.replace(/\v/g, '\n').replace(/[\u0000-\u0008\u000e-\u001f]/g, ''),
      level: format?.level ?? 0,
      bullet: format?.bullet,
    })
    position += text.length + 1
  }
  return paragraphs
}
