import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { pageGraphics, type Box, type PlacedImage, type Ruling } from './graphics.js'
import { pageLines, type Line } from './lines.js'
import { applyLinks, pageLinks } from './links.js'
import type { PdfDocument } from './pdfjs.js'
import type { OcrSession } from '../../ocr/session.js'
import { ocrRuns } from '../../ocr/runs.js'
import { keepFile, pictureFile, type SourceLookup } from './pictures/keep.js'
import { ligatureRepairs } from './rtl.js'
import { pageRuns } from './runs.js'
import { invisibleText, poorLayer, scanPicture, wordShare } from './scan.js'

/** A picture kept as an asset, with the URL the tree points it at. */
export type KeptImage = PlacedImage & { url: string }

/** Everything of a page the tree needs, read while the page is open. */
export interface ReadPage {
  number: number
  lines: Line[]
  rulings: Ruling[]
  images: KeptImage[]
  boxes: Box[]
  /** How its text was had: from the file, by OCR of its picture, or not at all (a scan left a picture). */
  text: 'layer' | 'ocr' | 'none'
}

/**
 * Reads page `number`: its lines (with links and repaired right-to-left words), rulings, squares
 * and kept pictures. A scanned page's picture is read by OCR and its words are the page's lines.
 */
export async function readPage(
  pdf: PdfDocument,
  number: number,
  ops: Record<string, number>,
  context: ConversionContext,
  counts: { internalLinks: number; scansReplaced: number },
  source: SourceLookup,
  ocr: OcrSession,
): Promise<ReadPage> {
  const page = await pdf.getPage(number)
  try {
    const operators = await page.getOperatorList()
    const graphics = pageGraphics(operators, ops, page)
    const { links, internal } = await pageLinks(page)
    counts.internalLinks += internal
    const runs = applyLinks(await pageRuns(page), links)
    let lines = pageLines(number, runs, await ligatureRepairs(operators, ops))
    let text: ReadPage['text'] = lines.length > 0 ? 'layer' : 'none'
    // A scan: no text, or an invisible OCR layer that does not read as words (scan.ts).
    const viewport = page.getViewport({ scale: 1 })
    const scan =
      lines.length === 0 || (invisibleText(operators, ops) && wordShare(lines) < poorLayer)
        ? scanPicture(graphics.images, viewport)
        : undefined
    const images: KeptImage[] = []
    for (const image of graphics.images) {
      const file = await pictureFile(page, image, source)
      if (image === scan && !('kind' in file)) {
        const read = await ocr.read(
          async () => file.bytes,
          file.width * file.height,
          (file.width * 72) / Math.max(1, image.width),
        )
        if (typeof read !== 'string' && read.lines.length > 0) {
          // The words replace the layer (if any) and the picture: a scan's text is what it says.
          lines = pageLines(number, ocrRuns(read, { ...image, pixelWidth: file.width, pixelHeight: file.height }))
          text = 'ocr'
          counts.scansReplaced++
          continue
        }
      }
      const outcome = keepFile(file, context.assets)
      if (outcome.kind === 'kept') images.push({ ...image, url: context.assets.url(outcome.name) })
      else if (outcome.kind === 'unreadable')
        context.report.notKept('image-unreadable', (n) => `${plural(n, 'picture')} could not be read from the PDF`)
      else if (outcome.kind === 'over-limit')
        context.report.notKept(
          'image-over-limit',
          (n) => `${plural(n, 'picture')} over the conversion's limit for pictures not kept`,
        )
    }
    return { number, lines, rulings: graphics.rulings, images, boxes: graphics.boxes, text }
  } finally {
    page.cleanup()
  }
}
