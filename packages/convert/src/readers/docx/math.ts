import { DOMParser, XMLSerializer } from '@xmldom/xmldom'
import { MathMLToLaTeX } from 'mathml-to-latex'
// The package's own import (package.json `imports`): omml2mathml from source, its bundle with the
// get-dom fix inside (ADR 025) once built and published.
import omml2mathml from '#omml2mathml'
import type { Element } from '../../tree/model.js'
import { isElement, toXml } from '../../tree/query.js'

const OMML_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/math'

/** Word's function names, written upright the way LaTeX writes them. */
const functions = new Set([
  'sin',
  'cos',
  'tan',
  'cot',
  'sec',
  'csc',
  'arcsin',
  'arccos',
  'arctan',
  'sinh',
  'cosh',
  'tanh',
  'coth',
  'log',
  'ln',
  'lg',
  'exp',
  'lim',
  'max',
  'min',
  'sup',
  'inf',
  'det',
  'gcd',
  'deg',
  'arg',
  'dim',
  'ker',
  'hom',
  'Pr',
])

/** What omml2mathml and mathml-to-latex write that reads worse than what a person would. */
function tidy(latex: string): string {
  let out = latex
    // Word's spacing runs.
    .replace(/\\textrm\{\s*\}/g, ' ')
    .replace(/\\text\{\s*\}/g, ' ')
  // oMathPara comes out as a one-column matrix: a single row is just the equation.
  const matrix = /^\s*\\begin\{matrix\}([\s\S]*)\\end\{matrix\}\s*$/.exec(out)
  if (matrix && !(matrix[1] as string).includes('\\\\')) out = matrix[1] as string
  out = out.replace(
    /(^|[^\\a-zA-Z])([a-zA-Z]{2,6})(?=\s*(\\left|\(|\{|\\frac|[a-zA-Z0-9 ]))/g,
    (whole, before: string, name: string) => (functions.has(name) ? `${before}\\${name}` : whole),
  )
  return out.replace(/\s{2,}/g, ' ').trim()
}

/**
 * One Word equation (`m:oMath`, or `m:oMathPara` holding several) as LaTeX, from its XML (the
 * compact tree written back with the math namespace declared), read by xmldom, translated to MathML by
 * omml2mathml (a port of Microsoft's own OMML2MML stylesheet) and to LaTeX by mathml-to-latex.
 * Throws when either cannot read it: the caller keeps the equation's text and reports it.
 */
function xmlToLatex(xml: string): string {
  const errors: string[] = []
  const document = new DOMParser({
    onError: (level, message) => void (level !== 'warning' && errors.push(message)),
  }).parseFromString(xml, 'text/xml')
  if (errors.length > 0 || document.documentElement === null)
    throw new Error(`unreadable equation: ${errors[0] ?? 'no root'}`)
  const mathml = new XMLSerializer().serializeToString(omml2mathml(document.documentElement))
  return tidy(MathMLToLaTeX.convert(mathml))
}

/** The element with `xmlns:m` (and `w`, for runs' properties) declared, so it parses on its own. */
function withNamespace(math: Element): Element {
  return {
    ...math,
    attribs: {
      ...math.attribs,
      'xmlns:m': OMML_NS,
      'xmlns:w': 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
    },
  }
}

/** Whether an element is Word math. */
export const isMath = (element: Element) => element.name === 'm:oMath' || element.name === 'm:oMathPara'

/** Whether a paragraph holds nothing but equations: they are shown on their own lines. */
export function onlyMath(paragraph: Element): boolean {
  let math = false
  for (const node of paragraph.children) {
    if (!isElement(node)) continue
    if (
      node.name === 'w:pPr' ||
      node.name === 'w:bookmarkStart' ||
      node.name === 'w:bookmarkEnd' ||
      node.name === 'w:proofErr'
    )
      continue
    if (isMath(node)) math = true
    else if (
      node.name === 'w:r' &&
      node.children.every(
        (c) => isElement(c) && (c.name === 'w:rPr' || (c.name === 'w:t' && c.children.join('').trim() === '')),
      )
    )
      continue
    else return false
  }
  return math
}

/** Most elements one equation may have: a real one has tens, a page-long matrix a few thousand. */
export const MAX_EQUATION_ELEMENTS = 5000
/**
 * Most distinct equations one document has translated (~1 ms each): a textbook has hundreds.
 * The rest are kept as their text and reported, so no document spends its time limit here.
 */
export const MAX_EQUATIONS = 20_000

export type Translation = { latex: string } | { failed: 'unreadable' | 'too-large' | 'too-many' }

/**
 * Translates a document's equations, each distinct one once (a document that repeats one
 * formula a thousand times translates it once), within {@link MAX_EQUATION_ELEMENTS} and
 * {@link MAX_EQUATIONS}.
 */
export class EquationTranslator {
  private readonly done = new Map<string, Translation>()

  translate(math: Element): Translation {
    if (countElements(math, MAX_EQUATION_ELEMENTS) > MAX_EQUATION_ELEMENTS) return { failed: 'too-large' }
    const xml = toXml(withNamespace(math))
    const cached = this.done.get(xml)
    if (cached !== undefined) return cached
    if (this.done.size >= MAX_EQUATIONS) return { failed: 'too-many' }
    let translation: Translation
    try {
      translation = { latex: xmlToLatex(xml) }
    } catch {
      translation = { failed: 'unreadable' }
    }
    this.done.set(xml, translation)
    return translation
  }
}

/** Elements in a subtree, counting no further than `limit + 1`. */
function countElements(root: Element, limit: number): number {
  let count = 0
  const stack: Element[] = [root]
  while (stack.length > 0 && count <= limit) {
    const element = stack.pop() as Element
    count++
    for (const node of element.children) if (isElement(node)) stack.push(node)
  }
  return count
}
