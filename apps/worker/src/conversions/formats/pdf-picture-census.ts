import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  decodePDFRawStream,
  type PDFObject,
} from '@cantoo/pdf-lib'

/**
 * The pictures a PDF page can paint, counted from the file's objects before pdf.js decodes any
 * of them (issue 17, finding 1): pdf.js decodes every picture of a page while it reads the page,
 * outside the V8 heap, and offers no hook between reading a picture's size and decoding it. So
 * the file is read a second time with pdf-lib, which parses objects without decoding pictures,
 * and each page's content streams are scanned for the pictures they paint (`/Name Do`) and for
 * inline ones (`BI /W … /H … ID`).
 *
 * The count errs on the side of more: forms are followed into their own content, and whatever a
 * page can reach without painting it directly (patterns, Type 3 glyphs, soft masks, annotation
 * appearances) is counted whole. A file pdf-lib cannot read, or a page whose content is past the
 * scanning budget, has no count: the caller reads such pages without their pictures.
 */

/** One picture, by the pdf.js id of its object (`12R`), or inline. */
export interface CensusPicture {
  /** `12R` / `12R3` (pdf.js' spelling of a reference), or `undefined` for an inline picture. */
  ref: string | undefined
  /** Pixels decoded: the picture's own, plus its soft mask's. */
  pixels: number
}

export interface PagePictures {
  pictures: CensusPicture[]
}

/** Decoded content scanned per document, past which pages are not counted. */
const SCAN_BUDGET_BYTES = 64 * 1024 * 1024
/** Forms inside forms followed this deep. */
const MAX_FORM_DEPTH = 12

const name = (key: string) => PDFName.of(key)
const delimiters = '\\s/\\[\\]<>(){}%'
/** `/Name Do`, comments allowed between. */
const paints = new RegExp(`/([^${delimiters}]+)(?:\\s|%[^\\r\\n]*)*Do(?=[${delimiters}]|$)`, 'g')
/** `BI <dictionary> ID`: the dictionary of an inline picture. */
const inline = /(?:^|[\s\]>)])BI(?=[\s/])([\s\S]{0,4096}?)\sID\s/g

/** pdf.js names objects `<num>R`, with `<gen>` after for generations other than 0. */
export const pdfjsRef = (ref: PDFRef) => `${ref.objectNumber}R${ref.generationNumber === 0 ? '' : ref.generationNumber}`

const decodeName = (raw: string) =>
  raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))

export class PictureCensus {
  private scanned = 0

  private constructor(readonly document: PDFDocument) {}

  /** `undefined` when pdf-lib cannot read the file (pdf.js may still). */
  static async of(bytes: Uint8Array): Promise<PictureCensus | undefined> {
    try {
      const document = await PDFDocument.load(bytes, {
        ignoreEncryption: true,
        updateMetadata: false,
        throwOnInvalidObject: false,
        warnOnInvalidObjects: false,
      })
      return new PictureCensus(document)
    } catch {
      return undefined
    }
  }

  get pageCount(): number {
    return this.document.getPageCount()
  }

  /** The pictures page `index` (from 0) paints, or `undefined` when they cannot be counted. */
  page(index: number): PagePictures | undefined {
    try {
      const page = this.document.getPage(index).node
      const found = new Map<string, number>()
      const inlinePixels: number[] = []
      const visit = new Visit(this, found, inlinePixels)
      const resources = page.Resources()
      if (!visit.contents(page.Contents(), resources, 0)) return undefined
      for (const annotation of this.array(page.Annots())) {
        const appearance = this.dict(this.dict(annotation)?.get(name('AP')))
        const normal = this.resolve(appearance?.get(name('N')))
        const streams = normal instanceof PDFDict ? normal.values() : [normal]
        for (const stream of streams) if (!visit.form(stream, resources, 1)) return undefined
      }
      return {
        pictures: [
          ...[...found].map(([ref, pixels]) => ({ ref, pixels })),
          ...inlinePixels.map((pixels) => ({ ref: undefined, pixels })),
        ],
      }
    } catch {
      return undefined
    }
  }

  resolve(object: PDFObject | undefined): PDFObject | undefined {
    return object instanceof PDFRef ? this.document.context.lookup(object) : object
  }

  dict(object: PDFObject | undefined): PDFDict | undefined {
    const resolved = this.resolve(object)
    if (resolved instanceof PDFDict) return resolved
    return resolved instanceof PDFStream ? resolved.dict : undefined
  }

  array(object: PDFObject | undefined): PDFObject[] {
    const resolved = this.resolve(object)
    return resolved instanceof PDFArray ? resolved.asArray() : resolved === undefined ? [] : [resolved]
  }

  number(dict: PDFDict | undefined, ...keys: string[]): number {
    for (const key of keys) {
      const value = this.resolve(dict?.get(name(key)))
      if (value instanceof PDFNumber) return value.asNumber()
    }
    return 0
  }

  /** A content stream's decoded bytes as text, or `undefined` past the scanning budget. */
  text(stream: PDFObject | undefined): string | undefined {
    const resolved = this.resolve(stream)
    if (!(resolved instanceof PDFRawStream)) return ''
    const room = SCAN_BUDGET_BYTES - this.scanned
    // Decoded only as far as the budget: a content stream can inflate a thousandfold.
    const bytes = decodePDFRawStream(resolved).getBytes(room + 1)
    this.scanned += bytes.length
    if (bytes.length > room) return undefined
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  }
}

/** One page's walk: which pictures its content paints. */
class Visit {
  private readonly forms = new Set<PDFObject>()

  constructor(
    private readonly census: PictureCensus,
    private readonly found: Map<string, number>,
    private readonly inlinePixels: number[],
  ) {}

  /** Scans content stream(s) drawn with `resources`; false when they cannot be counted. */
  contents(contents: PDFObject | undefined, resources: PDFDict | undefined, depth: number): boolean {
    for (const stream of this.census.array(contents)) {
      const text = this.census.text(stream)
      if (text === undefined) return false
      if (!this.content(text, resources, depth)) return false
    }
    return this.reachable(resources, depth)
  }

  private content(text: string, resources: PDFDict | undefined, depth: number): boolean {
    const xobjects = this.census.dict(resources?.get(name('XObject')))
    if (xobjects) {
      const byName = new Map(xobjects.entries().map(([key, value]) => [key.decodeText(), value]))
      for (const match of text.matchAll(paints)) {
        const target = byName.get(decodeName(match[1] ?? ''))
        if (target !== undefined && !this.xobject(target, resources, depth)) return false
      }
    }
    for (const match of text.matchAll(inline)) {
      const dictionary = match[1] ?? ''
      const width = Number(/\/(?:W|Width)\s+(\d+)/.exec(dictionary)?.[1] ?? 0)
      const height = Number(/\/(?:H|Height)\s+(\d+)/.exec(dictionary)?.[1] ?? 0)
      this.inlinePixels.push(width * height)
    }
    return true
  }

  private xobject(target: PDFObject, resources: PDFDict | undefined, depth: number): boolean {
    const stream = this.census.resolve(target)
    if (!(stream instanceof PDFStream)) return true
    const subtype = this.census.resolve(stream.dict.get(name('Subtype')))
    if (subtype === name('Image')) {
      this.image(target, stream)
      return true
    }
    return subtype === name('Form') ? this.form(target, resources, depth + 1) : true
  }

  private image(target: PDFObject, stream: PDFStream): void {
    const { dict } = stream
    let pixels = this.census.number(dict, 'Width', 'W') * this.census.number(dict, 'Height', 'H')
    for (const key of ['SMask', 'Mask']) {
      const mask = this.census.dict(dict.get(name(key)))
      if (mask && this.census.resolve(dict.get(name(key))) instanceof PDFStream)
        pixels += this.census.number(mask, 'Width') * this.census.number(mask, 'Height')
    }
    const ref = target instanceof PDFRef ? pdfjsRef(target) : `inline-object-${this.found.size}`
    this.found.set(ref, pixels)
  }

  /** A form XObject (or an appearance stream): its content, drawn with its own resources or the caller's. */
  form(target: PDFObject | undefined, resources: PDFDict | undefined, depth: number): boolean {
    const stream = this.census.resolve(target)
    if (!(stream instanceof PDFStream) || this.forms.has(stream)) return true
    if (depth > MAX_FORM_DEPTH) return false
    this.forms.add(stream)
    const own = this.census.dict(stream.dict.get(name('Resources'))) ?? resources
    return this.contents(stream, own, depth)
  }

  /** What resources can paint without a `Do` in the content: patterns, Type 3 glyphs, soft masks. */
  private reachable(resources: PDFDict | undefined, depth: number): boolean {
    const entries = (key: string) => this.census.dict(resources?.get(name(key)))?.values() ?? []
    for (const pattern of entries('Pattern')) if (!this.form(pattern, resources, depth + 1)) return false
    for (const font of entries('Font')) {
      const dict = this.census.dict(font)
      if (this.census.resolve(dict?.get(name('Subtype'))) !== name('Type3')) continue
      const own = this.census.dict(dict?.get(name('Resources'))) ?? resources
      for (const glyph of this.census.dict(dict?.get(name('CharProcs')))?.values() ?? [])
        if (!this.form(glyph, own, depth + 1)) return false
    }
    for (const state of entries('ExtGState')) {
      const mask = this.census.dict(this.census.dict(state)?.get(name('SMask')))
      if (mask && !this.form(mask.get(name('G')), resources, depth + 1)) return false
    }
    return true
  }
}
