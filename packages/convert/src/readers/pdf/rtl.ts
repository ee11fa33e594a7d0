import { getResolvedPDFJS } from 'unpdf'

/** A lam-alef ligature glyph: one glyph that stands for two letters. */
const lamAlef = /^ل[اأإآ]$/

/** Arabic-script words as they appear in a line's text. */
const arabicWord = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+/g

let normalize: ((text: string) => string) | undefined

/**
 * Repairs for right-to-left words that pdf.js turns around. pdf.js reverses a right-to-left
 * run character by character after expanding each glyph to its letters, so a lam-alef
 * ligature (one glyph, "لا") comes out as "ال": "المشكلات" reads "المشكالت". The page's glyphs,
 * in the order they are drawn, give the right word: reversed glyph by glyph, each ligature
 * kept whole. Returns, for each word pdf.js spells wrong, the word it should be.
 */
export async function ligatureRepairs(
  operators: { fnArray: number[]; argsArray: unknown[][] },
  ops: Record<string, number>,
): Promise<Map<string, string>> {
  normalize ??= ((await getResolvedPDFJS()) as unknown as { normalizeUnicode: (text: string) => string })
    .normalizeUnicode
  const repairs = new Map<string, string>()
  const { fnArray, argsArray } = operators
  for (let i = 0; i < fnArray.length; i++) {
    if (fnArray[i] !== ops.showText) continue
    const glyphs = (argsArray[i]?.[0] ?? []) as unknown[]
    if (!Array.isArray(glyphs)) continue
    let word: string[] = []
    const end = () => {
      if (word.some((g) => lamAlef.test(g))) {
        const broken = [...word.join('')].reverse().join('')
        const right = [...word].reverse().join('')
        if (broken !== right) repairs.set(broken, right)
      }
      word = []
    }
    for (const glyph of glyphs) {
      if (typeof glyph === 'number') {
        if (glyph <= -150) end()
        continue
      }
      const unicode = normalize((glyph as { unicode?: string }).unicode ?? '')
      if (unicode.trim() === '' || !/[\u0600-\u06ff\u0750-\u077f]/.test(unicode)) end()
      else word.push(unicode)
    }
    end()
  }
  return repairs
}

/** A right-to-left line's text with the page's repairs applied, word by word. */
export function repairWords(text: string, repairs: Map<string, string>): string {
  return repairs.size === 0 ? text : text.replace(arabicWord, (word) => repairs.get(word) ?? word)
}
