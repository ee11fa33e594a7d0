import type { PagePictures } from './pdf-picture-census.js'

export interface PictureBounds {
  /** Most pixels of one picture. */
  imagePixels: number
  /** Most pixels of the distinct pictures of one page together. */
  pagePixels: number
  /** Most pixels of all the pictures of a document together. */
  documentPixels: number
}

/** How a page is read: pdf.js decodes only its pictures of at most `maxImagePixels`. */
export interface PageDecision {
  maxImagePixels: number
  /** Pictures of the page left undecoded to stay within the bounds. */
  skipped: number
  /** The page's pictures could not be counted: none is decoded. */
  unchecked: boolean
}

/**
 * Decides, page by page and before anything is decoded, which pictures fit the bounds on decoded
 * pixels. pdf.js can only be told the largest picture it may decode, so a page over its bound
 * is read with a smaller largest picture — a quarter, a sixteenth, a sixty-fourth of the
 * picture bound, or none — the largest that brings the page (and the document so far) within
 * bounds. A picture painted on several pages is counted once for the document.
 */
export class PictureBudget {
  private readonly levels: number[]
  private documentLeft: number
  private readonly counted = new Set<string>()

  constructor(private readonly bounds: PictureBounds) {
    const { imagePixels } = bounds
    this.levels = [imagePixels, imagePixels / 4, imagePixels / 16, imagePixels / 64, 0].map(Math.floor)
    this.documentLeft = bounds.documentPixels
  }

  decide(page: PagePictures | undefined): PageDecision {
    if (page === undefined) return { maxImagePixels: 0, skipped: 0, unchecked: true }
    const pictures = page.pictures.filter((picture) => picture.pixels > 0)
    for (const level of this.levels) {
      const admitted = pictures.filter((picture) => picture.pixels <= level)
      const onPage = admitted.reduce((sum, picture) => sum + picture.pixels, 0)
      const fresh = admitted.filter((picture) => picture.ref === undefined || !this.counted.has(picture.ref))
      const forDocument = fresh.reduce((sum, picture) => sum + picture.pixels, 0)
      if (onPage > this.bounds.pagePixels || forDocument > this.documentLeft) continue
      this.documentLeft -= forDocument
      for (const picture of fresh) if (picture.ref !== undefined) this.counted.add(picture.ref)
      return { maxImagePixels: level, skipped: pictures.length - admitted.length, unchecked: false }
    }
    return { maxImagePixels: 0, skipped: pictures.length, unchecked: false }
  }
}
