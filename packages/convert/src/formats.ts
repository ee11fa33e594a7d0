/**
 * The formats the engine reads, by name, with the MIME type each is stored and served under.
 * Readers register under these names (readers/registry.ts); the web accepts exactly these.
 */
export const documentTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
  odt: 'application/vnd.oasis.opendocument.text',
  epub: 'application/epub+zip',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  rtf: 'application/rtf',
  doc: 'application/msword',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odp: 'application/vnd.oasis.opendocument.presentation',
  ppt: 'application/vnd.ms-powerpoint',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xlsm: 'application/vnd.ms-excel.sheet.macroenabled.12',
  xls: 'application/vnd.ms-excel',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  eml: 'message/rfc822',
  msg: 'application/vnd.ms-outlook',
  // Pictures of pages, read by OCR (readers/image).
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
  ipynb: 'application/x-ipynb+json',
  feed: 'application/rss+xml',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
} as const

export type DocumentFormat = keyof typeof documentTypes

const byMime = new Map<string, DocumentFormat>(
  Object.entries(documentTypes).map(([format, mime]) => [mime, format as DocumentFormat]),
)

/** The format stored under `mime` (`text/html` → `html`), or `undefined`. */
export function formatOfMime(mime: string): DocumentFormat | undefined {
  return byMime.get(mime.split(';')[0]?.trim().toLowerCase() ?? '')
}

/**
 * How people call each format, and the extensions its files go by: for messages ("supported:
 * …") and for telling a name that promises one format from content of another. One line a format.
 */
export const formatNames: Record<DocumentFormat, { label: string; extensions: readonly string[] }> = {
  docx: { label: 'DOCX', extensions: ['.docx'] },
  pdf: { label: 'PDF', extensions: ['.pdf'] },
  html: { label: 'HTML', extensions: ['.html', '.htm', '.xhtml'] },
  markdown: { label: 'Markdown', extensions: ['.md', '.markdown', '.mdown'] },
  text: { label: 'plain text', extensions: ['.txt', '.text'] },
  odt: { label: 'ODT', extensions: ['.odt'] },
  epub: { label: 'EPUB', extensions: ['.epub'] },
  ods: { label: 'ODS', extensions: ['.ods'] },
  rtf: { label: 'RTF', extensions: ['.rtf'] },
  doc: { label: 'DOC', extensions: ['.doc'] },
  pptx: { label: 'PPTX', extensions: ['.pptx'] },
  odp: { label: 'ODP', extensions: ['.odp'] },
  ppt: { label: 'PPT', extensions: ['.ppt', '.pps'] },
  xlsx: { label: 'XLSX', extensions: ['.xlsx'] },
  xlsm: { label: 'XLSM', extensions: ['.xlsm'] },
  xls: { label: 'XLS', extensions: ['.xls'] },
  csv: { label: 'CSV', extensions: ['.csv'] },
  tsv: { label: 'TSV', extensions: ['.tsv', '.tab'] },
  eml: { label: 'e-mail (EML)', extensions: ['.eml'] },
  msg: { label: 'Outlook message (MSG)', extensions: ['.msg'] },
  png: { label: 'PNG', extensions: ['.png'] },
  jpeg: { label: 'JPEG', extensions: ['.jpg', '.jpeg'] },
  tiff: { label: 'TIFF', extensions: ['.tif', '.tiff'] },
  webp: { label: 'WebP', extensions: ['.webp'] },
  ipynb: { label: 'Jupyter notebook', extensions: ['.ipynb'] },
  feed: { label: 'RSS/Atom feed', extensions: ['.rss', '.atom'] },
  json: { label: 'JSON', extensions: ['.json', '.geojson'] },
  xml: { label: 'XML', extensions: ['.xml'] },
  zip: { label: 'zip archive of documents', extensions: ['.zip'] },
}

/** "DOCX, PDF, HTML, …": every format, for a message that says what is supported. */
export const supportedFormats = (): string =>
  Object.values(formatNames)
    .map((names) => names.label)
    .join(', ')

export const isDocumentFormat = (value: string): value is DocumentFormat => value in documentTypes

/** Picture types a browser shows in an `<img>`: others are kept as files, linked, and served as downloads. */
const displayable = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/svg+xml',
  'image/bmp',
  'image/avif',
])

export const isDisplayableImage = (contentType: string): boolean => displayable.has(contentType)
