import { assetUrl } from '../asset-collector.js'
import type { ConversionContext } from '../conversion-context.js'
import { plural } from '../conversion-reporter.js'
import { ConversionInputError } from '../input-error.js'
import { columnBlocks, type BlockCounts } from './pdf-blocks.js'
import { bandsOf, columnsOf, sectionsOf } from './pdf-columns.js'
import { findFurniture, withoutRepeatedPictures } from './pdf-furniture.js'
import { pageGraphics, type Box, type PlacedImage } from './pdf-graphics.js'
import { headingStyle, outlineTitles } from './pdf-headings.js'
import { keepImage, type SourceLookup } from './pdf-images.js'
import { pageLines, type Line } from './pdf-lines.js'
import { applyLinks, pageLinks } from './pdf-links.js'
import { PictureBudget, type PageDecision } from './pdf-picture-budget.js'
import { PictureCensus } from './pdf-picture-census.js'
import { openPdf, pdfOperators, type PdfDocument } from './pdf-runtime.js'
import { ligatureRepairs } from './pdf-rtl.js'
import { pageRuns } from './pdf-runs.js'
import { sourcePicture } from './pdf-source-pictures.js'
import { alignedTable, narrowColumnTables, ruledTables, tableMarkdown, type Table } from './pdf-tables.js'
import { normalizeMarkdown } from './text.js'

export interface PdfOptions {
  /** Most pages converted; the rest are reported as not kept. @default 1000 */
  maxPages?: number
  /** Wall-clock time for reading pages (ms); pages past it are reported as not kept. @default 40000 */
  timeBudgetMs?: number
  /** Pictures with more pixels than this are skipped before they are decoded. @default 16_000_000 */
  maxImagePixels?: number
  /** The distinct pictures of one page decode to at most this many pixels together. @default 16_000_000 */
  maxPagePixels?: number
  /** All the pictures of the document decode to at most this many pixels together. @default 320_000_000 */
  maxDocumentPixels?: number
  /** Put `<!-- page N -->` before each page's text, so people can cite pages (ADR 031). @default false */
  pageMarkers?: boolean
}

/** Whether most of a table's area lies on a picture. */
function overlaps(table: Table, image: PlacedImage): boolean {
  const width = Math.min(table.x1, image.x + image.width) - Math.max(table.x0, image.x)
  const height = Math.min(table.bottom, image.y + image.height) - Math.max(table.top, image.y)
  return width > 0 && height > 0 && width * height > 0.3 * (table.x1 - table.x0) * (table.bottom - table.top)
}

/** A picture kept as an asset, with the Markdown that shows it. */
type KeptImage = PlacedImage & { markdown: string }

interface PageContent {
  number: number
  lines: Line[]
  tables: Table[]
  images: KeptImage[]
  boxes: Box[]
}

/** Everything of a page that the Markdown needs, read while the page is open. */
async function readPage(
  pdf: PdfDocument,
  number: number,
  ops: Record<string, number>,
  context: ConversionContext,
  counts: { internalLinks: number },
  source: SourceLookup,
) {
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
      if (outcome.kind === 'kept') images.push({ ...image, markdown: `![](${assetUrl(outcome.name)})` })
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

/**
 * Text and structure from a PDF (see docs/formats/pdf.md): lines rebuilt from positioned text,
 * running headers, footers and page numbers removed, columns read in order, tables from
 * rulings and aligned columns as GFM, headings from size, weight and the outline, lists,
 * links from link annotations, pictures as PNG assets. What is not kept is in the report.
 */
export async function pdfToMarkdown(
  bytes: Uint8Array,
  context: ConversionContext,
  options: PdfOptions = {},
): Promise<string> {
  const { progress, report } = context
  const maxPages = options.maxPages ?? 1000
  const budget = options.timeBudgetMs ?? 40_000
  const started = performance.now()
  const bounds = {
    imagePixels: options.maxImagePixels ?? 16_000_000,
    pagePixels: options.maxPagePixels ?? 16_000_000,
    documentPixels: options.maxDocumentPixels ?? 320_000_000,
  }
  let pdf: PdfDocument
  try {
    pdf = await openPdf(bytes, { maxImagePixels: bounds.imagePixels })
  } catch (error) {
    throw new ConversionInputError(
      `the PDF could not be opened (${(error as Error).message}); it may be damaged or encrypted`,
    )
  }
  // pdf.js decodes every picture a page paints while it reads the page; the census counts them
  // from the file first, and a page over the bounds is read from a copy of the document opened
  // with a smaller largest picture (ADR 050).
  const census = await PictureCensus.of(bytes)
  const pictureBudget = new PictureBudget(bounds)
  const readers = new Map<number, Promise<PdfDocument>>([[bounds.imagePixels, Promise.resolve(pdf)]])
  const readerFor = (maxImagePixels: number) => {
    let reader = readers.get(maxImagePixels)
    if (!reader) {
      reader = openPdf(bytes, { maxImagePixels })
      readers.set(maxImagePixels, reader)
    }
    return reader
  }
  const source: SourceLookup = (ref, width, height) => (census ? sourcePicture(census, ref, width, height) : undefined)
  const decisionFor = (number: number): PageDecision =>
    pictureBudget.decide(census && census.pageCount === pdf.numPages ? census.page(number - 1) : undefined)
  try {
    const ops = await pdfOperators()
    const total = pdf.numPages
    report.set('pages', total)
    const outline = outlineTitles(await pdf.getOutline().catch(() => null))
    const counts = { internalLinks: 0 }
    const read: Awaited<ReturnType<typeof readPage>>[] = []
    const last = Math.min(total, maxPages)
    for (let number = 1; number <= last; number++) {
      // The first page is always read: a budget spent opening the file still gives some text.
      if (number > 1 && performance.now() - started > budget) break
      try {
        const decision = decisionFor(number)
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
        const reader = await readerFor(decision.maxImagePixels)
        read.push(await readPage(reader, number, ops, context, counts, source))
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
    // A scan is pictures without text: its pages are kept as pictures when there are any (no OCR here).
    if (textless.length === read.length && read.every((page) => page.images.length === 0))
      throw new ConversionInputError('the PDF has no text layer (it may be a scan); nothing to convert')
    if (textless.length > 0 && textless.some((page) => page.images.length > 0))
      report.notKept(
        'text-layer-missing',
        (n) => `${plural(n, 'page')} without a text layer (scanned?) kept as pictures only`,
        textless.filter((page) => page.images.length > 0).length,
      )

    const furniture = findFurniture(read)
    const pictures = withoutRepeatedPictures(read.map((page) => page.images))
    if (pictures.removed > 0)
      report.notKept(
        'repeated-picture-removed',
        (n) => `${plural(n, 'repeat')} of a picture on every page (a logo) left out`,
        pictures.removed,
      )
    const pages: PageContent[] = read.map((page, index) => {
      const kept = page.lines.filter((line) => !furniture.isFurniture(line))
      const { tables, used } = ruledTables(kept, page.rulings)
      return {
        number: page.number,
        lines: kept.filter((line) => !used.has(line)),
        tables,
        images: pictures.pages[index] ?? [],
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
    const blockCounts: BlockCounts = { tables: 0, headings: 0, listItems: 0, paragraphs: 0, codeBlocks: 0 }
    const out: string[] = []
    let tableCount = 0
    let imageCount = 0
    for (const page of pages) {
      if (options.pageMarkers) out.push(`<!-- page ${page.number} -->`)
      const all = page.lines
      const left = Math.min(...all.map((line) => line.x0))
      const right = Math.max(...all.map((line) => line.x1))
      const rtl = all.filter((line) => line.rtl).length * 2 > all.length
      // Tables and pictures go before the first text that starts below them.
      const placed: { top: number; markdown: string }[] = [
        ...page.tables.map((table) => ({ top: table.top, markdown: tableMarkdown(table) })),
        ...page.images.map((image) => ({ top: image.y, markdown: image.markdown })),
      ].sort((a, b) => a.top - b.top)
      tableCount += page.tables.length
      imageCount += page.images.length
      // Sections read as one column run on into each other: a paragraph may cross them.
      let running: Line[] = []
      const flush = () => {
        if (running.length > 0) out.push(...columnBlocks(running, headings, page.boxes, blockCounts))
        running = []
      }
      for (const section of sectionsOf(bandsOf(all), left, right)) {
        if (placed.length > 0 && (placed[0]?.top ?? 0) <= (section.bands[0]?.top ?? 0)) flush()
        while (placed.length > 0 && (placed[0]?.top ?? 0) <= (section.bands[0]?.top ?? 0))
          out.push(placed.shift()?.markdown ?? '')
        const table = alignedTable(section)
        // Labels over a figure line up like a table but belong to the picture.
        if (table && !page.images.some((image) => overlaps(table, image))) {
          flush()
          out.push(tableMarkdown(table))
          tableCount++
          continue
        }
        const ordered = columnsOf(section, rtl)
        if (ordered.length === 1) running.push(...(ordered[0] ?? []))
        else {
          flush()
          const { columns, tables } = rtl ? { columns: ordered, tables: [] } : narrowColumnTables(ordered)
          columns.forEach((column, index) => {
            // A table set inside a column stands between the column's text above and below it.
            let rest = column
            for (const { table } of tables
              .filter((t) => t.column === index)
              .sort((a, b) => a.table.top - b.table.top)) {
              const above = rest.filter((line) => line.y < table.top)
              if (above.length > 0) out.push(...columnBlocks(above, headings, page.boxes, blockCounts))
              out.push(tableMarkdown(table))
              tableCount++
              rest = rest.filter((line) => line.y >= table.top)
            }
            if (rest.length > 0) out.push(...columnBlocks(rest, headings, page.boxes, blockCounts))
          })
        }
      }
      flush()
      out.push(...placed.map((p) => p.markdown))
    }
    report.found('headings', blockCounts.headings)
    report.found('tables', tableCount + blockCounts.tables)
    report.found('images', imageCount)
    report.found('paragraphs', blockCounts.paragraphs)
    if (blockCounts.codeBlocks > 0) report.found('codeBlocks', blockCounts.codeBlocks)
    const markdown = out.join('\n\n')
    // Links are the only `](…)` the text can hold unescaped (its own brackets are escaped).
    const links = markdown.match(/(?<!\\)\]\((?!assets\/)[^)]+\)/g)?.length ?? 0
    if (links > 0) report.found('links', links)
    if (counts.internalLinks > 0)
      report.notKept(
        'internal-link-dropped',
        (n) => `${plural(n, 'link')} to another place in the PDF kept as plain text`,
        counts.internalLinks,
      )
    progress(90)
    // Consecutive list items belong to one list: no blank line between them.
    return normalizeMarkdown(markdown.replace(/^((?:- |\d+\. ).*)\n\n(?=(?:- |\d+\. ))/gm, '$1\n'))
  } finally {
    for (const reader of readers.values()) await reader.then((opened) => opened.loadingTask.destroy()).catch(() => {})
  }
}

const megapixels = (pixels: number) => `${Math.round(pixels / 1_000_000)} megapixels`
