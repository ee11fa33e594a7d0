/**
 * The documents draftsmith converts, by the MIME type the web stores with an upload: the web
 * accepts exactly these and the worker converts exactly these.
 */
export const documentTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
} as const

export type DocumentKind = keyof typeof documentTypes

const byMime = new Map<string, DocumentKind>(
  Object.entries(documentTypes).map(([kind, mime]) => [mime, kind as DocumentKind]),
)

export function documentKindOf(mime: string): DocumentKind | undefined {
  return byMime.get(mime)
}
