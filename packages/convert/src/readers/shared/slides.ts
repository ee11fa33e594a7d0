import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { appendNode, element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'

/**
 * The one slide policy of the presentation readers (PPTX, ODP, PPT), so a deck reads the same
 * whichever program saved it: a `## Slide N: title` section per slide, shapes in reading order,
 * speaker notes as a quote that says so, hidden slides left out and reported by number.
 */

/** `## Slide N: title`, or `## Slide N` for a slide without a title. */
export function appendSlideHeading(root: Element, number: number, title: string): void {
  const text = title.replace(/\s+/g, ' ').trim()
  appendNode(root, element('h2', {}, [text === '' ? `Slide ${number}` : `Slide ${number}: ${text}`]))
}

/** Half a centimetre in EMU (DrawingML's unit, 360,000 a centimetre): shapes whose tops are closer are one row. */
const ROW_TOLERANCE = 200_000

/** Shapes in reading order: top to bottom, and left to right within a row (tops within {@link ROW_TOLERANCE}). */
export function readingOrder<T extends { x: number; y: number }>(shapes: T[]): T[] {
  return shapes.sort((a, b) => (Math.abs(a.y - b.y) > ROW_TOLERANCE ? a.y - b.y : a.x - b.x))
}

/**
 * A slide's speaker notes, given as blocks in a `blockquote`, appended when they say something,
 * opening with **Notes:** — in the first paragraph, or in one of its own before a list or table.
 */
export function appendNotesQuote(root: Element, quote: Element): void {
  if (quote.children.length === 0) return
  const label = element('strong', {}, ['Notes:'])
  const first = quote.children[0]
  if (isElement(first) && first.name === 'p') {
    first.children.unshift(label, ' ')
    label.parent = first
  } else {
    const paragraph = element('p', {}, [label])
    paragraph.parent = quote
    quote.children.unshift(paragraph)
  }
  appendNode(root, quote)
}

/** Hidden slides are left out: counted, with their numbers, in the report. */
export function reportHiddenSlides(context: ConversionContext, hidden: number[]): void {
  if (hidden.length > 0)
    context.report.notKept(
      'slide-hidden',
      (n) => `${plural(n, 'hidden slide')} left out (${hidden.map((i) => `slide ${i}`).join(', ')})`,
      hidden.length,
    )
}
