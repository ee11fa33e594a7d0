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
 * What was found in a document and what could not be kept, so that nothing is dropped silently;
 * and which engine made the Markdown.
 */
export interface ConversionReport {
  found: ReportCounts
  notKept: ReportNote[]
  /** `@draftsmith/convert 0.1.0`: reports written before the engine said so have none. */
  engine?: string
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
   * HTML: a page with an article keeps the article and leaves out its navigation, sidebars,
   * banners and footers, as a browser's reader mode does (ADR 085); `false` converts every page
   * whole. @default true
   */
  mainContent?: boolean
}
