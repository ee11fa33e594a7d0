import type { ConversionLimits } from '../../../context/limits.js'
import { openPdf, type PdfDocument } from '../pdfjs.js'
import { PictureBudget, type PageDecision } from './budget.js'
import { PictureCensus } from './census.js'
import type { SourceLookup } from './keep.js'
import { MissingObject } from './objects.js'
import { scanPictures } from './scan.js'
import { sourcePicture } from './source.js'

/**
 * How a PDF's pages are read so that the pictures pdf.js decodes stay within the bounds on
 * decoded pixels (ADR 050): pdf.js decodes every picture of a page while it reads the page, and
 * can only be told the largest picture it may decode. A scan of the file's bytes (scan.ts) sums
 * every picture it holds: within the bounds, no page can be over them and every page is read
 * from `pdf` as it is. Past them (or when something could not be counted) the census (census.ts)
 * counts each page's pictures, and a page over the bounds is read from a copy of the document
 * opened with a smaller largest picture.
 */
export class PicturePlan {
  private readonly scan: ReturnType<typeof scanPictures>
  private readonly pagesWithin: boolean
  private census: Promise<PictureCensus | undefined> | undefined
  private readonly budget: PictureBudget
  private readonly readers: Map<number, Promise<PdfDocument>>

  constructor(
    private readonly bytes: Uint8Array,
    private readonly pdf: PdfDocument,
    private readonly limits: ConversionLimits,
  ) {
    this.scan = scanPictures(bytes)
    this.pagesWithin = this.scan.complete && this.scan.pixels <= Math.min(limits.pagePixels, limits.documentPixels)
    this.budget = new PictureBudget(limits)
    this.readers = new Map([[limits.imagePixels, Promise.resolve(pdf)]])
  }

  /** Which pictures of page `number` (from 1) may be decoded. */
  async decide(number: number): Promise<PageDecision> {
    if (this.pagesWithin) return { maxImagePixels: this.limits.imagePixels, skipped: 0, unchecked: false }
    const counted = await this.wholeDocument()
    return this.budget.decide(counted && counted.pageCount === this.pdf.numPages ? counted.page(number - 1) : undefined)
  }

  /** The document to read a page from under `decision`. */
  readerFor(decision: PageDecision): Promise<PdfDocument> {
    let reader = this.readers.get(decision.maxImagePixels)
    if (!reader) {
      reader = openPdf(this.bytes, { maxImagePixels: decision.maxImagePixels })
      this.readers.set(decision.maxImagePixels, reader)
    }
    return reader
  }

  /** A picture in the form the file holds it (source.ts), from the scanned objects or, for one in an object stream, the whole document. */
  readonly source: SourceLookup = async (ref, width, height) => {
    try {
      return sourcePicture(this.scan.objects, ref, width, height)
    } catch (error) {
      if (!(error instanceof MissingObject)) throw error
      const document = await this.wholeDocument()
      return document ? sourcePicture(document, ref, width, height) : undefined
    }
  }

  /** Closes every copy of the document this plan opened, and `pdf` itself. */
  async close(): Promise<void> {
    for (const reader of this.readers.values())
      await reader.then((opened) => opened.loadingTask.destroy()).catch(() => {})
  }

  private wholeDocument(): Promise<PictureCensus | undefined> {
    this.census ??= PictureCensus.of(this.bytes)
    return this.census
  }
}
