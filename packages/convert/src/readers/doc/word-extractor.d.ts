/** word-extractor 1.0 ships no types: what this reader uses of it. */
declare module 'word-extractor' {
  interface TextOptions {
    /** Replace curly quotes and dashes with ASCII ones. @default true */
    filterUnicode?: boolean
  }
  class WordDocument {
    getBody(options?: TextOptions): string
    getFootnotes(options?: TextOptions): string
    getEndnotes(options?: TextOptions): string
    getHeaders(options?: TextOptions & { includeFooters?: boolean }): string
    getAnnotations(options?: TextOptions): string
    getTextboxes(options?: TextOptions & { includeHeadersAndFooters?: boolean; includeBody?: boolean }): string
  }
  export default class WordExtractor {
    extract(source: string | Buffer): Promise<WordDocument>
  }
}
