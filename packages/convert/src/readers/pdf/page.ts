import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { pageGraphics, type Box, type PlacedImage, type Ruling } from './graphics.js'
import { pageLines, type Line } from './lines.js'
import { applyLinks, pageLinks } from './links.js'
import type { PdfDocument } from './pdfjs.js'
import { keepImage, type SourceLookup } from './pictures/keep.js'
import { ligatureRepairs } from './rtl.js'
import { pageRuns } from './runs.js'

/** A picture kept as an asset, with the URL the tree points it at. */
export type KeptImage = PlacedImage & { url: string }

/** Everything of a page the tree needs, read while the page is open. */
export interface ReadPage {
  number: number
  lines: Line[]
  rulings: Ruling[]
  images: KeptImage[]
  boxes: Box[]
}

/** Reads page `number`: its lines (with links and repaired right-to-left words), rulings, squares and kept pictures. */
export async function readPage(
  pdf: PdfDocument,
  number: number,
  ops: Record<string, number>,
  context: ConversionContext,
  counts: { internalLinks: number },
  source: SourceLookup,
): Promise<ReadPage> {
  const page = await pdf.getPage(number)
  try {
    const operators = await page.getOperatorList()
    const graphics = pageGraphics(operators, ops, page)
    const { links, internal } = await pageLinks(page)
    counts.internalLinks += internal
    const runs = applyLinks(await pageRuns(page), links)
    const lines = pageLines(number, runs, await ligatureRepairs(operators, ops))
    const images: KeptImage[] = []
    for (const image of graphics.images) {
      const outcome = await keepImage(page, image, context.assets, source)
      if (outcome.kind === 'kept') images.push({ ...image, url: context.assets.url(outcome.name) })
      else if (outcome.kind === 'unreadable')
        context.report.notKept('image-unreadable', (n) => `${plural(n, 'picture')} could not be read from the PDF`)
      else if (outcome.kind === 'over-limit')
        context.report.notKept(
          'image-over-limit',
          (n) => `${plural(n, 'picture')} over the conversion's limit for pictures not kept`,
        )
    }
    return { number, lines, rulings: graphics.rulings, images, boxes: graphics.boxes }
  } finally {
    page.cleanup()
  }
}
