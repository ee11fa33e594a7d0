import type { DocumentFormat } from '../formats.js'
import type { Reader } from './reader.js'

/**
 * Every reader, by format, loaded when first used: a conversion process that converts only HTML
 * never loads pdf.js. Adding a format is a folder under readers/ whose index.ts exports its
 * `reader`, one line here, and its name and MIME type in formats.ts (see the README).
 */
const image = async () => (await import('./image/index.js')).reader

const readers: Record<DocumentFormat, () => Promise<Reader>> = {
  docx: async () => (await import('./docx/index.js')).reader,
  html: async () => (await import('./html/index.js')).reader,
  markdown: async () => (await import('./markdown/index.js')).reader,
  pdf: async () => (await import('./pdf/index.js')).reader,
  text: async () => (await import('./text/index.js')).reader,
  odt: async () => (await import('./odt/index.js')).reader,
  epub: async () => (await import('./epub/index.js')).reader,
  ods: async () => (await import('./ods/index.js')).reader,
  rtf: async () => (await import('./rtf/index.js')).reader,
  doc: async () => (await import('./doc/index.js')).reader,
  pptx: async () => (await import('./pptx/index.js')).reader,
  odp: async () => (await import('./odp/index.js')).reader,
  ppt: async () => (await import('./ppt/index.js')).reader,
  xlsx: async () => (await import('./xlsx/index.js')).reader,
  xlsm: async () => (await import('./xlsx/index.js')).reader,
  xls: async () => (await import('./xls/index.js')).reader,
  csv: async () => (await import('./csv/index.js')).reader,
  tsv: async () => (await import('./csv/index.js')).tsvReader,
  eml: async () => (await import('./eml/index.js')).reader,
  msg: async () => (await import('./msg/index.js')).reader,
  png: image,
  jpeg: image,
  tiff: image,
  webp: image,
  ipynb: async () => (await import('./ipynb/index.js')).reader,
  feed: async () => (await import('./feed/index.js')).reader,
  json: async () => (await import('./json/index.js')).reader,
  xml: async () => (await import('./xml/index.js')).reader,
  zip: async () => (await import('./zip/index.js')).reader,
}

export const readerFor = (format: DocumentFormat): Promise<Reader> => readers[format]()
