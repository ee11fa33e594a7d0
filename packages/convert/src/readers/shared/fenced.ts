import { plural, type ConversionReporter } from '../../context/report.js'
import { element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'

/**
 * Text as a fenced code block (`pre > code.language-x`), at most `maxChars` of it, cut at a line's
 * end; what was cut is counted under `code` in the report, in lines, worded by `what`.
 */
export function fencedBlock(
  text: string,
  language: string,
  maxChars: number,
  report: ConversionReporter,
  code: string,
  what: string,
): Element {
  let kept = text
  if (text.length > maxChars) {
    const end = text.lastIndexOf('\n', maxChars)
    kept = text.slice(0, end > 0 ? end : maxChars)
    const total = countLines(text)
    const cut = total - countLines(kept)
    report.notKept(code, (n) => `${plural(n, 'line')} of ${what} past the conversion's bound left out`, cut)
    kept += '\n…'
  }
  return element('pre', {}, [element('code', language === '' ? {} : { class: `language-${language}` }, [kept])])
}

function countLines(text: string): number {
  let lines = 1
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++
  return lines
}
