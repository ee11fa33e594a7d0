import { MathMLToLaTeX } from 'mathml-to-latex'
import type { Element } from '../tree/model.js'
import { classesOf, isElement, textOf, toXml } from '../tree/query.js'

export interface Equation {
  latex: string
  display: boolean
}

/** pandoc's `\(…\)` / `\[…\]` wrappers are delimiters, not part of the equation. */
function unwrap(latex: string): string {
  const trimmed = latex.trim()
  const wrapped = /^\\\(([\s\S]*)\\\)$/.exec(trimmed) ?? /^\\\[([\s\S]*)\\\]$/.exec(trimmed)
  return (wrapped?.[1] ?? trimmed).trim()
}

/** The LaTeX a MathML element was written from, when the page kept it (Wikipedia, pandoc, MathJax do). */
function texAnnotation(math: Element): string | undefined {
  const stack: Element[] = [math]
  while (stack.length > 0) {
    const element = stack.pop() as Element
    if (
      element.name === 'annotation' &&
      /^(application\/x-tex|text\/x-latex|tex|latex)$/i.test(element.attribs.encoding ?? '')
    )
      return textOf(element).trim()
    for (const child of element.children) if (isElement(child)) stack.push(child)
  }
  return undefined
}

/**
 * The equation an element holds: pandoc's `<span class="math inline|display">LATEX</span>` (what
 * the DOCX stage writes too), or MathML `<math>` translated to LaTeX. `undefined`: not math.
 * Throws when MathML cannot be translated (the caller keeps its text and reports it).
 */
export function equationOf(element: Element): Equation | undefined {
  if (element.name === 'span') {
    const classes = classesOf(element)
    if (!classes.includes('math')) return undefined
    return { latex: unwrap(textOf(element)), display: classes.includes('display') }
  }
  if (element.name !== 'math') return undefined
  const display =
    (element.attribs.display ?? '').toLowerCase() === 'block' ||
    (element.attribs.mode ?? '').toLowerCase() === 'display'
  const latex = texAnnotation(element) ?? MathMLToLaTeX.convert(toXml(element))
  return { latex: latex.trim(), display }
}

/** Whether an element is an equation shown on its own line. */
export function isDisplayEquation(element: Element): boolean {
  if (element.name === 'span') return classesOf(element).includes('math') && classesOf(element).includes('display')
  return (
    element.name === 'math' &&
    ((element.attribs.display ?? '').toLowerCase() === 'block' ||
      (element.attribs.mode ?? '').toLowerCase() === 'display')
  )
}
