import type { DocumentFormat } from '../formats.js'
import type { Reader } from './reader.js'

/**
 * Every reader, by format, loaded when first used: a conversion process that converts only HTML
 * never loads pdf.js. Adding a format is a folder under readers/ whose index.ts exports its
 * `reader`, one line here, and its name and MIME type in formats.ts (see the README).
 */
const readers: Record<DocumentFormat, () => Promise<Reader>> = {
  docx: async () => (await import('./docx/index.js')).reader,
  html: async () => (await import('./html/index.js')).reader,
  markdown: async () => (await import('./markdown/index.js')).reader,
  pdf: async () => (await import('./pdf/index.js')).reader,
  text: async () => (await import('./text/index.js')).reader,
  odt: async () => (await import('./odt/index.js')).reader,
}

export const readerFor = (format: DocumentFormat): Promise<Reader> => readers[format]()
