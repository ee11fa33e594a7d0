import type { ConversionContext } from '../context/context.js'
import type { Element } from '../tree/model.js'
import type { Footnotes } from './footnotes.js'

/**
 * How text-level content is written: in a paragraph (line breaks are hard breaks), in a GitHub
 * table cell (line breaks and block boundaries are `<br>`), or flat (headings, terms: one line).
 */
export type InlineMode = 'paragraph' | 'cell' | 'flat'

/**
 * What the parts of the writer (tables, raw HTML, lists) ask of the writer as a whole: an
 * interface of its own, so that they depend on it and the writer on them, not on each other.
 */
export interface BlockWriter {
  readonly context: ConversionContext
  readonly footnotes: Footnotes
  /** An element's children as Markdown blocks. */
  blocks(parent: Element): string[]
  /** The children of an element as text-level Markdown. */
  inlineChildren(element: Element, mode: InlineMode): string
  /** The Markdown of an equation element, `undefined` if it is none. */
  equation(element: Element): string | undefined
  /** Elements left out of the Markdown (embedded content is counted as not kept). */
  skipped(element: Element): boolean
}
