import { collapsed, inlineElement, type Inline } from './inline.js'
import { repairWords } from './rtl.js'
import type { Run } from './runs.js'
import { greatest, least } from '../../arrays.js'

/**
 * Text on one baseline that belongs together: runs closer than a column gutter. Two columns (or
 * two table cells) on the same baseline are two lines. Coordinates are top-down page points.
 */
export interface Line {
  page: number
  runs: Run[]
  x0: number
  x1: number
  /** Baseline. */
  y: number
  /** The largest font size of its text. */
  size: number
  /** The words, in logical order (right-to-left lines read from the right). */
  text: string
  /** The same as the document tree's text-level content: text, and links where the page has them. */
  inline: Inline
  bold: boolean
  /** Every letter of it is set in an italic font. */
  italic: boolean
  monospace: boolean
  rtl: boolean
}

/** Runs farther apart than this many font sizes are in different columns or cells. */
const gutter = 1.1

/** A bullet or item number standing alone, set off from its text by a tab stop. */
const listMarkerOnly = /^\s*(?:[\u0080-\u009f•◦▪▫‣∙·●○■□☐☑☒✓✔➢➤►▶❖◆◇–*-]|[\uf000-\uf0ff]|\(?\d{1,3}[.)])\s*$/u

/** "5.1" before a heading's title, set off by a quad. */
const sectionNumber = /^\s*\d{1,2}(?:\.\d{1,2}){0,4}\.?\s*$/

const rtlLetter = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/g
const letter = /\p{L}/gu

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0

/**
 * pdf.js expands a lam-alef-with-hamza ligature after reversing the line, which leaves the alef
 * before the lam ("اإل" for "الإ"); an alef followed by a hamza alef does not occur in Arabic words.
 */
const fixLamAlef = (text: string) => text.replace(/ا([أإآ])ل/g, 'ال$1')

/** Whether a space stands between two runs: a gap wider than a fifth of the font, or a space in the text. */
function spaceBetween(previous: Run | undefined, run: Run, rtl: boolean): boolean {
  if (previous === undefined) return false
  const gap = rtl ? previous.x - (run.x + run.width) : run.x - (previous.x + previous.width)
  const touching = /\s$/.test(previous.text) || /^\s/.test(run.text)
  // Right to left, a run's spaces are on the side its words start: either side may hold the gap.
  const spaced = rtl && (/^\s/.test(previous.text) || /\s$/.test(run.text) || (previous.rtl !== run.rtl && gap > -1))
  return (!touching && gap > Math.min(previous.size, run.size) * 0.18) || spaced
}

/** The runs' words in order, with a space wherever the runs stand apart. */
function joinedText(runs: Run[], rtl: boolean): string {
  let out = ''
  runs.forEach((run, i) => (out += (spaceBetween(runs[i - 1], run, rtl) ? ' ' : '') + run.text))
  return out.replace(/\s+/g, ' ').trim()
}

/** The same as inline content: the runs under a link annotation become one link. */
function joinedInline(runs: Run[], rtl: boolean, fix: (text: string) => string): Inline {
  const out: Inline = []
  let text = ''
  let link: string | undefined
  let linkText = ''
  const flushLink = () => {
    if (link !== undefined) {
      // Punctuation the link area happens to cover ("(team@example.com)") stays outside the link.
      const [, before = '', words = '', after = ''] = /^([\s([{"“']*)(.*?)([\s)\]}"”'.,;:!?]*)$/su.exec(linkText) ?? []
      if (words === '') text += linkText
      else {
        out.push(fix(text + before), inlineElement('a', [fix(words.replace(/\s+/g, ' '))], { href: link }))
        text = after
      }
    }
    link = undefined
    linkText = ''
  }
  runs.forEach((run, i) => {
    let space = spaceBetween(runs[i - 1], run, rtl) ? ' ' : ''
    if (run.link !== link) {
      flushLink()
      text += space
      space = ''
      link = run.link
    }
    if (link !== undefined) linkText += space + run.text
    else text += space + run.text
  })
  flushLink()
  out.push(fix(text))
  return collapsed(out)
}

function lineOf(page: number, runs: Run[], repairs: Map<string, string>): Line {
  const letters = runs.reduce((n, run) => n + count(run.text, letter), 0)
  const rtlLetters = runs.reduce((n, run) => n + count(run.text, rtlLetter), 0)
  const rtl = rtlLetters * 2 > letters
  const ordered = [...runs].sort((a, b) => (rtl ? b.x - a.x : a.x - b.x))
  const visible = runs.filter((run) => run.text.trim() !== '')
  const fix = rtl ? (text: string) => fixLamAlef(repairWords(text, repairs)) : (text: string) => text
  return {
    page,
    runs: ordered,
    x0: least(visible.map((run) => run.x)),
    x1: greatest(visible.map((run) => run.x + run.width)),
    y: runs.reduce((sum, run) => sum + run.y, 0) / runs.length,
    size: Math.max(greatest(visible.map((run) => run.size)), 0),
    text: fix(joinedText(ordered, rtl)),
    inline: joinedInline(ordered, rtl, fix),
    bold:
      visible.length > 0 &&
      visible.every((run) => run.bold || !/\p{L}/u.test(run.text)) &&
      visible.some((run) => run.bold),
    italic: visible.length > 0 && visible.every((run) => run.italic || !/\p{L}/u.test(run.text)),
    monospace: visible.length > 0 && visible.every((run) => run.monospace),
    rtl,
  }
}

/**
 * Text drawn twice over itself, a point or so apart (fake bold, a shadow), once: the same words
 * at the same place are one run.
 */
function withoutOverprint(runs: Run[]): Run[] {
  // Runs by text and 2-point cell: a run's twin is in its cell or a neighbouring one, so each check is constant.
  const seen = new Map<string, Run[]>()
  const cell = (text: string, x: number, y: number) => `${Math.floor(x / 2)}:${Math.floor(y / 2)}:${text}`
  return runs.filter((run) => {
    if (run.text.trim() === '') return true
    const cx = Math.floor(run.x / 2)
    const cy = Math.floor(run.y / 2)
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        if (
          seen
            .get(`${cx + dx}:${cy + dy}:${run.text}`)
            ?.some((other) => Math.abs(other.x - run.x) < 2 && Math.abs(other.y - run.y) < 2)
        )
          return false
    const key = cell(run.text, run.x, run.y)
    const list = seen.get(key)
    if (list) list.push(run)
    else seen.set(key, [run])
    return true
  })
}

/**
 * A page's lines: runs grouped by baseline (whatever order they were drawn in), each baseline
 * cut where the space between runs is wider than a column gutter.
 */
export function pageLines(page: number, runs: Run[], repairs: Map<string, string> = new Map()): Line[] {
  const sorted = withoutOverprint(runs.filter((run) => run.text.trim() !== '' || run.width > 0)).sort(
    (a, b) => a.y - b.y || a.x - b.x,
  )
  const baselines: Run[][] = []
  let current: Run[] = []
  let baseline = Number.NEGATIVE_INFINITY
  let size = 0
  for (const run of sorted) {
    // Superscripts (footnote marks) sit up to ~0.4 em above the baseline of the text they belong to.
    if (current.length > 0 && Math.abs(run.y - baseline) <= Math.max(1.5, Math.max(run.size, size) * 0.42)) {
      current.push(run)
      if (run.size > size && run.text.trim() !== '') {
        baseline = run.y
        size = run.size
      }
    } else {
      if (current.length > 0) baselines.push(current)
      current = [run]
      baseline = run.y
      size = run.size
    }
  }
  if (current.length > 0) baselines.push(current)

  const lines: Line[] = []
  for (const group of baselines) {
    const byX = group.sort((a, b) => a.x - b.x)
    let piece: Run[] = []
    let right = Number.NEGATIVE_INFINITY
    for (const run of byX) {
      const blank = run.text.trim() === ''
      const pieceText = piece.map((r) => r.text).join('')
      const markerOnly =
        piece.length > 0 &&
        run.x - right < 40 &&
        (listMarkerOnly.test(pieceText) || (sectionNumber.test(pieceText) && /^\s*\p{L}/u.test(run.text)))
      if (piece.length > 0 && !blank && !markerOnly && run.x - right > Math.max(run.size, 4) * gutter) {
        if (piece.some((r) => r.text.trim() !== '')) lines.push(lineOf(page, piece, repairs))
        piece = []
      }
      piece.push(run)
      if (!blank) right = Math.max(right, run.x + run.width)
      else if (piece.length === 1) right = run.x + run.width
    }
    if (piece.some((r) => r.text.trim() !== '')) lines.push(lineOf(page, piece, repairs))
  }
  return lines
}

/**
 * A line cut wherever its runs are farther apart than `gap` font sizes: inside a table the
 * space between two cells can be narrower than a column gutter, but is wider than a word space.
 */
export function splitLine(line: Line, gap: number, repairs: Map<string, string> = new Map()): Line[] {
  const runs = [...line.runs].sort((a, b) => a.x - b.x)
  const pieces: Run[][] = []
  let right = Number.NEGATIVE_INFINITY
  for (const run of runs) {
    const blank = run.text.trim() === ''
    const last = pieces[pieces.length - 1]
    if (!last || (!blank && run.x - right > run.size * gap)) pieces.push([run])
    else last.push(run)
    if (!blank) right = Math.max(right, run.x + run.width)
  }
  return pieces
    .filter((piece) => piece.some((run) => run.text.trim() !== ''))
    .map((piece) => lineOf(line.page, piece, repairs))
}
