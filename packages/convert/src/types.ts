/**
 * What a conversion gives back, as data: the engine owns these shapes, and the database stores
 * them as they are (`@draftsmith/db` imports them from here). Types only: importing this module
 * loads nothing.
 */

/** A file a conversion extracted from the document (a picture), kept beside its Markdown. */
export interface ConversionAsset {
  /** A safe file name, unique within the conversion: `image-1.png`. */
  name: string
  contentType: string
  /** SHA-256 of the bytes, hex. */
  sha256: string
  bytes: Uint8Array
}

/** What a conversion counted in the document (only what its format can have). */
export type ReportCounts = Partial<
  Record<
    | 'pages'
    | 'headings'
    | 'paragraphs'
    | 'lists'
    | 'tables'
    | 'images'
    | 'equations'
    | 'footnotes'
    | 'links'
    | 'comments'
    | 'trackedChanges'
    | 'codeBlocks',
    number
  >
>

/** One thing a conversion could not keep as the document had it. */
export interface ReportNote {
  /** Stable, kebab-case: `image-format-unsupported`, `tracked-deletion-dropped`, … */
  code: string
  count: number
  /** A sentence for the person who gave the document: "2 EMF images kept as placeholders". */
  message: string
}

/**
 * What a document says about itself (DOCX/PPTX/XLSX core properties, XLS summary information, an
 * EPUB's package metadata…): always in the report, and as YAML front matter when asked
 * (`frontMatter`, ADR 073). Only what the document has.
 */
export interface DocumentMetadata {
  title?: string
  /** Its authors, as the document names them (`dc:creator`), in order. */
  authors?: string[]
  subject?: string
  description?: string
  keywords?: string[]
  /** ISO 8601, as the document records it. */
  created?: string
  /** ISO 8601, as the document records it. */
  modified?: string
  /** BCP 47 (`en-US`), when the document declares one. */
  language?: string
}

/**
 * What was found in a document and what could not be kept, so that nothing is dropped silently;
 * and which engine made the Markdown.
 */
export interface ConversionReport {
  found: ReportCounts
  notKept: ReportNote[]
  /** What the document says about itself; absent when it says nothing. */
  metadata?: DocumentMetadata
  /** Pages read by OCR (scans, pictures of pages), when the document had any. */
  ocr?: OcrReport
  /** `@draftsmith/convert 0.1.0`: reports written before the engine said so have none. */
  engine?: string
}

/** What OCR read: pages, how sure it was, which languages, and the pages that stayed pictures. */
export interface OcrReport {
  /** Pages (or pictures of pages) whose text was recognised. */
  pages: number
  /** Mean of the pages' confidence, 0–100 (tesseract's mean word confidence per page). */
  meanConfidence: number
  /** Pages that needed OCR and stayed pictures (over a bound, or unreadable): `notKept` says why. */
  picturesOnly: number
  /** The languages it read with (tesseract codes: `eng`, `fra`…). */
  languages: string[]
}

/** Words, headings and tables of the Markdown, and how long the conversion took. */
export interface ConversionStats {
  words: number
  headings: number
  tables: number
  [key: string]: number
}

/** How the person who gave a document asked for it to be converted (kept with an upload). */
export interface DocumentOptions {
  /** PDF: `<!-- page N -->` before each page, so people can cite pages (ADR 031). @default false */
  pageMarkers?: boolean
  /**
   * The document's metadata (title, authors, dates, language) as YAML front matter at the top of
   * the Markdown, when it has any. It is in the report either way (ADR 073). @default false
   */
  frontMatter?: boolean
  /**
   * HTML: a page with an article keeps the article and leaves out its navigation, sidebars,
   * banners and footers, as a browser's reader mode does (ADR 085); `false` converts every page
   * whole. @default true
   */
  mainContent?: boolean
  /**
   * Languages OCR reads scans and pictures of pages with (tesseract codes; only those shipped in
   * npm: `eng`, `fra`, `deu`, `spa` — see `ocrLanguageNames`). @default ['eng']
   */
  ocrLanguages?: string[]
}
