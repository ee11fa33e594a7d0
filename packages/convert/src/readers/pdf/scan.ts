import type { PlacedImage } from './graphics.js'
import type { Line } from './lines.js'

/**
 * Whether a page's text is an invisible layer: pdf.js hands over the text of every rendering
 * mode alike, and an OCR program lays its words over the scan in mode 3 (neither filled nor
 * stroked) — or mode 7 (a clipping path only). Invisible when at least nine tenths of the text
 * shown is in those modes.
 */
export function invisibleText(
  operators: { fnArray: number[]; argsArray: unknown[] },
  ops: Record<string, number>,
): boolean {
  const shows = new Set([ops.showText, ops.showSpacedText, ops.nextLineShowText, ops.nextLineSetSpacingShowText])
  const stack: number[] = []
  let mode = 0
  let shown = 0
  let hidden = 0
  const { fnArray, argsArray } = operators
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]
    if (fn === ops.setTextRenderingMode) mode = Number((argsArray[i] as number[] | undefined)?.[0] ?? 0)
    else if (fn === ops.save) stack.push(mode)
    else if (fn === ops.restore) mode = stack.pop() ?? mode
    else if (shows.has(fn)) {
      shown++
      if (mode === 3 || mode === 7) hidden++
    }
  }
  return shown > 0 && hidden >= shown * 0.9
}

/** A word as OCR engines get them right: letters (an apostrophe or hyphen inside), or a number, in its punctuation. */
const word = /^[("'“‘[]*(?:\p{L}+(?:['’-]\p{L}+)*|[\p{Sc}]?\d[\d.,:/%-]*)[)"'”’\].,;:!?]*$/u

/**
 * How much of a text layer reads as words (0–1): the share of its tokens of two characters or
 * more that are words or numbers. Good OCR layers score above 0.8 on prose and tables; a layer
 * of a poor engine (`Tlie qnick brovvn f0x`, `|||`, `,.;`) falls well below.
 */
export function wordShare(lines: Line[]): number {
  let tokens = 0
  let words = 0
  for (const line of lines)
    for (const token of line.text.split(/\s+/)) {
      if ([...token].length < 2) continue
      tokens++
      if (word.test(token) && !/(.)\1\1/u.test(token) && !/[a-z][A-Z]/.test(token.slice(1))) words++
    }
  return tokens === 0 ? 0 : words / tokens
}

/** Below this share of words, an invisible text layer is read again by OCR. */
export const poorLayer = 0.6

/**
 * The picture that is the page: the largest picture on it, when it covers at least half the
 * page. A page of text with a photo on it is not a scan.
 */
export function scanPicture(images: PlacedImage[], page: { width: number; height: number }): PlacedImage | undefined {
  let largest: PlacedImage | undefined
  for (const image of images)
    if (!largest || image.width * image.height > largest.width * largest.height) largest = image
  if (!largest) return undefined
  const covered =
    Math.max(0, Math.min(largest.x + largest.width, page.width) - Math.max(largest.x, 0)) *
    Math.max(0, Math.min(largest.y + largest.height, page.height) - Math.max(largest.y, 0))
  return covered >= 0.5 * page.width * page.height ? largest : undefined
}
