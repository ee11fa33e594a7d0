import { child, childrenNamed, valueOf } from './xml.js'
import type { Element } from '../../tree/model.js'

/** One level of a list definition: how its items are numbered and labelled. */
interface NumberingLevel {
  /** `decimal`, `bullet`, `lowerLetter`, `upperRoman`, `none`… */
  format: string
  /** The label, with `%1`…`%9` for the counters of this and the outer levels: `%1.%2.`. */
  text: string
  start: number
  /** Word shows the counter of outer levels as plain numbers in this level's label. */
  legal: boolean
}

/** A list item's place: which list (`numId`), how deep, and the label Word shows for it. */
export interface NumberedItem {
  numId: string
  ilvl: number
  ordered: boolean
  /** The label as Word shows it (`2.3.1.`); empty for bullets. */
  label: string
  /** The label names more than this level's own counter (`1.2.`): Markdown's `1.` cannot say it. */
  composite: boolean
  /** This level's counter. */
  number: number
}

const roman = (n: number): string => {
  const table: Array<[number, string]> = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ]
  let out = ''
  for (const [value, letters] of table)
    while (n >= value) {
      out += letters
      n -= value
    }
  return out
}

const letter = (n: number): string =>
  n <= 0 ? String(n) : String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1)

function formatCounter(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letter(n)
    case 'upperLetter':
      return letter(n).toUpperCase()
    case 'lowerRoman':
      return roman(n)
    case 'upperRoman':
      return roman(n).toUpperCase()
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n)
    case 'none':
    case 'bullet':
      return ''
    default:
      return String(n)
  }
}

function levelOf(lvl: Element): NumberingLevel {
  const start = Number.parseInt(valueOf(lvl, 'w:start') ?? '1', 10)
  return {
    format: valueOf(lvl, 'w:numFmt') ?? 'decimal',
    text: valueOf(lvl, 'w:lvlText') ?? '',
    start: Number.isFinite(start) ? start : 1,
    legal: child(lvl, 'w:isLgl') !== undefined,
  }
}

/**
 * The document's list definitions (numbering.xml) and the counters Word keeps while it lays the
 * document out: each `numId` shares its abstract list's counters unless it restarts them, and a
 * level restarts whenever an outer level moves on.
 */
export class DocxNumbering {
  private readonly abstract = new Map<string, Map<number, NumberingLevel>>()
  private readonly nums = new Map<
    string,
    { abstractId: string; overrides: Map<number, { start?: number; level?: NumberingLevel }> }
  >()
  /** Counters by abstract list (or by num when it restarts), one per level. */
  private readonly counters = new Map<string, number[]>()

  constructor(numbering: Element | undefined) {
    const root = numbering && child(numbering, 'w:numbering')
    for (const definition of childrenNamed(root, 'w:abstractNum')) {
      const levels = new Map<number, NumberingLevel>()
      for (const lvl of childrenNamed(definition, 'w:lvl'))
        levels.set(Number.parseInt(lvl.attribs['w:ilvl'] ?? '0', 10) || 0, levelOf(lvl))
      this.abstract.set(definition.attribs['w:abstractNumId'] ?? '', levels)
    }
    for (const num of childrenNamed(root, 'w:num')) {
      const overrides = new Map<number, { start?: number; level?: NumberingLevel }>()
      for (const override of childrenNamed(num, 'w:lvlOverride')) {
        const start = valueOf(override, 'w:startOverride')
        const lvl = child(override, 'w:lvl')
        overrides.set(Number.parseInt(override.attribs['w:ilvl'] ?? '0', 10) || 0, {
          ...(start === undefined ? {} : { start: Number.parseInt(start, 10) || 0 }),
          ...(lvl === undefined ? {} : { level: levelOf(lvl) }),
        })
      }
      this.nums.set(num.attribs['w:numId'] ?? '', { abstractId: valueOf(num, 'w:abstractNumId') ?? '', overrides })
    }
  }

  private level(numId: string, ilvl: number): NumberingLevel | undefined {
    const num = this.nums.get(numId)
    if (num === undefined) return undefined
    return num.overrides.get(ilvl)?.level ?? this.abstract.get(num.abstractId)?.get(ilvl)
  }

  /**
   * The next item of list `numId` at depth `ilvl`: counts it and returns its label. `undefined`
   * when the list does not exist or is numId 0 (Word's "no numbering").
   */
  next(numId: string, ilvl: number): NumberedItem | undefined {
    const num = this.nums.get(numId)
    if (num === undefined || numId === '0') return undefined
    const depth = Math.max(0, Math.min(8, ilvl))
    const level = this.level(numId, depth)
    if (level === undefined) return undefined
    // A num that overrides a start has counters of its own; others continue the abstract list's.
    const key =
      num.overrides.size > 0 && [...num.overrides.values()].some((o) => o.start !== undefined)
        ? `num:${numId}`
        : `abstract:${num.abstractId}`
    let counters = this.counters.get(key)
    if (counters === undefined) {
      counters = []
      this.counters.set(key, counters)
    }
    for (let i = 0; i <= depth; i++)
      if (counters[i] === undefined) counters[i] = this.startOf(numId, i) - (i === depth ? 1 : 0)
    counters[depth] = (counters[depth] as number) + 1
    // Outer levels moving on restart the inner ones.
    counters.length = depth + 1
    const label = level.text.replace(/%([1-9])/g, (_, n: string) => {
      const i = Number(n) - 1
      const outer = this.level(numId, i)
      const value = counters?.[i] ?? this.startOf(numId, i)
      return formatCounter(value, level.legal && i < depth ? 'decimal' : (outer?.format ?? 'decimal'))
    })
    const ordered = level.format !== 'bullet' && level.format !== 'none'
    const references = new Set([...level.text.matchAll(/%([1-9])/g)].map((m) => m[1]))
    return {
      numId,
      ilvl: depth,
      ordered,
      label: ordered ? label.trim() : '',
      composite:
        ordered &&
        (references.size > 1 ||
          (references.size === 1 && !references.has(String(depth + 1))) ||
          !/^%[1-9][.)]?$/.test(level.text.trim())),
      number: counters[depth] as number,
    }
  }

  private startOf(numId: string, ilvl: number): number {
    return this.nums.get(numId)?.overrides.get(ilvl)?.start ?? this.level(numId, ilvl)?.start ?? 1
  }
}
