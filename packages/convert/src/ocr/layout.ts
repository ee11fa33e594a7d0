import { appendNode, element } from '../tree/build.js'
import type { Element } from '../tree/model.js'
import type { BlockCounts } from '../readers/pdf/blocks.js'
import { headingStyle } from '../readers/pdf/headings.js'
import { layOutPage } from '../readers/pdf/layout.js'
import { pageLines } from '../readers/pdf/lines.js'
import type { OcrPage } from './engine.js'
import { ocrRuns } from './runs.js'

/**
 * A picture of a page (a photo, a screenshot, a TIFF page) into `root`: the picture, then its text
 * laid out by the PDF reader's layout — lines, paragraphs, headings by size, tables by alignment
 * — as if the words were a page's text layer, one point a pixel. A caption, when the picture
 * has one, stands under the picture.
 */
export function appendPictureWithText(
  root: Element,
  picture: { url: string; alt: string } | undefined,
  page: OcrPage | undefined,
  size: { width: number; height: number },
  counts: BlockCounts,
  caption?: string,
): void {
  if (picture !== undefined)
    appendNode(root, element('p', {}, [element('img', { src: picture.url, alt: picture.alt })]))
  // The picture's own description (EXIF) says what it is, as a caption under it.
  if (caption !== undefined) appendNode(root, element('p', {}, [element('em', {}, [caption])]))
  if (page === undefined || page.lines.length === 0) return
  const runs = ocrRuns(page, {
    x: 0,
    y: 0,
    width: size.width,
    height: size.height,
    pixelWidth: size.width,
    pixelHeight: size.height,
  })
  const lines = pageLines(1, runs)
  layOutPage(
    root,
    { number: 1, lines, tables: [], images: [], boxes: [] },
    headingStyle(lines, new Set()),
    counts,
    false,
  )
}
