import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { documentRoot } from '../../tree/build.js'
import type { Document } from '../../tree/model.js'
import type { Reader } from '../reader.js'
import type { BlockCounts } from './blocks.js'
import { joinContinuedTable } from './continued-tables.js'
import { findFurniture, withoutRepeatedPictures } from './furniture.js'
import { headingStyle, outlineTitles } from './headings.js'
import { layOutPage, type PageContent } from './layout.js'
import { readPage, type ReadPage } from './page.js'
import { openPdf, pdfOperators, type PdfDocument } from './pdfjs.js'
import { OcrSession } from '../../ocr/session.js'
import { PicturePlan } from './pictures/plan.js'
import { ruledTables } from './ruled-tables.js'

/**
 * Text and structure from a PDF (see docs/formats/pdf.md), as the document tree: lines rebuilt
 * from positioned text, running headers, footers and page numbers removed, columns read in
 * order, tables from rulings and aligned columns, headings from size, weight and the outline,
 * lists, links from link annotations, pictures as assets in the form the file holds them where
 * browsers show it. What is not kept is in the report.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readPdf(bytes, context) }),
}

async function readPdf(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const { progress, report, limits } = context
  const maxPages = limits.pdfMaxPages
  const budget = limits.pdfTimeBudgetMs
  const started = performance.now()
  const bounds = {
    imagePixels: limits.imagePixels,
    pagePixels: limits.pagePixels,
    documentPixels: limits.documentPixels,
  }
  let pdf: PdfDocument
  try {
    pdf = await openPdf(bytes, { maxImagePixels: bounds.imagePixels })
  } catch (error) {
    throw new ConversionInputError(
      `the PDF could not be opened (${(error as Error).message}); it may be damaged or encrypted`,
    )
  }
  const pictures = new PicturePlan(bytes, pdf, limits)
  const ocr = new OcrSession(context)
  try {
    const ops = await pdfOperators()
    const total = pdf.numPages
    report.set('pages', total)
    const outline = outlineTitles(await pdf.getOutline().catch(() => null))
    const counts = { internalLinks: 0, scansReplaced: 0 }
    const read: ReadPage[] = []
    const last = Math.min(total, maxPages)
    for (let number = 1; number <= last; number++) {
      // The first page is always read: a budget spent opening the file still gives some text.
      context.signal?.throwIfAborted()
      if (number > 1 && performance.now() - started > budget) break
      try {
        const decision = await pictures.decide(number)
        if (decision.skipped > 0)
          report.notKept(
            'image-over-pixel-bound',
            (n) =>
              `${plural(n, 'picture')} past the bound on decoded pixels (${megapixels(bounds.pagePixels)} a page, ${megapixels(bounds.documentPixels)} a document) not kept`,
            decision.skipped,
          )
        if (decision.unchecked)
          report.notKept(
            'images-unchecked',
            (n) => `pictures on ${plural(n, 'page')} not kept: they could not be counted before decoding`,
          )
        const reader = await pictures.readerFor(decision)
        read.push(await readPage(reader, number, ops, context, counts, pictures.source, ocr))
      } catch {
        report.notKept('page-unreadable', (n) => `${plural(n, 'page')} could not be read`)
      }
      progress(10 + Math.round((70 * number) / last))
    }
    if (read.length < total) {
      const skipped =
        total - read.length - (report.build().notKept.find((n) => n.code === 'page-unreadable')?.count ?? 0)
      if (skipped > 0) {
        const reason =
          read.length >= maxPages ? `past the limit of ${maxPages} pages` : 'past the time a conversion may take'
        report.notKept('pages-not-converted', (n) => `${plural(n, 'page')} ${reason} not converted`, skipped)
      }
    }
    const textless = read.filter((page) => page.lines.length === 0)
    // A scan OCR could not read (over a bound, reported by the OCR session) is kept as pictures.
    if (textless.length === read.length && read.every((page) => page.images.length === 0))
      throw new ConversionInputError('the PDF has no text layer (it may be a scan) and OCR found no text in it')
    if (textless.length > 0 && textless.some((page) => page.images.length > 0))
      report.notKept(
        'text-layer-missing',
        (n) => `${plural(n, 'page')} without text (OCR found none or could not read it) kept as pictures only`,
        textless.filter((page) => page.images.length > 0).length,
      )
    if (counts.scansReplaced > 0)
      report.notKept(
        'scan-replaced-by-text',
        (n) => `${plural(n, 'scanned page')} given as the text OCR read, without the page's picture`,
        counts.scansReplaced,
      )

    const furniture = findFurniture(read)
    const shown = withoutRepeatedPictures(read.map((page) => page.images))
    if (shown.removed > 0)
      report.notKept(
        'repeated-picture-removed',
        (n) => `${plural(n, 'repeat')} of a picture on every page (a logo) left out`,
        shown.removed,
      )
    const pages: PageContent[] = read.map((page, index) => {
      const kept = page.lines.filter((line) => !furniture.isFurniture(line))
      const { tables, used } = ruledTables(kept, page.rulings)
      return {
        number: page.number,
        lines: kept.filter((line) => !used.has(line)),
        tables,
        images: shown.pages[index] ?? [],
        boxes: page.boxes,
      }
    })
    if (furniture.removed() > 0)
      report.notKept(
        'page-furniture-removed',
        (n) =>
          `${plural(n, 'running header, footer or page number', 'running headers, footers and page numbers')} left out`,
        furniture.removed(),
      )

    const headings = headingStyle(
      pages.flatMap((page) => page.lines),
      outline,
    )
    const blockCounts: BlockCounts = { paragraphs: 0 }
    const root = documentRoot()
    for (const page of pages) {
      const from = root.children.length
      layOutPage(root, page, headings, blockCounts, context.options.pageMarkers === true)
      if (from > 0) joinContinuedTable(root, from)
    }
    report.found('paragraphs', blockCounts.paragraphs)
    if (counts.internalLinks > 0)
      report.notKept(
        'internal-link-dropped',
        (n) => `${plural(n, 'link')} to another place in the PDF kept as plain text`,
        counts.internalLinks,
      )
    progress(90)
    return root
  } finally {
    await ocr.close()
    await pictures.close()
  }
}

const megapixels = (pixels: number) => `${Math.round(pixels / 1_000_000)} megapixels`
