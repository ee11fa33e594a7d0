import { readZipArchive, type ZipArchive } from '../shared/zip-archive.js'

/** A Word document's parts, inflated once (readers/shared/zip-archive.ts bounds what they inflate to). */
export type DocxArchive = ZipArchive

export const readDocxArchive = (bytes: Uint8Array): Promise<DocxArchive> =>
  readZipArchive(bytes, {
    label: 'DOCX',
    remedy: 'save it again from Word and re-upload',
    notThisFormat: (names) =>
      names.includes('word/document.xml')
        ? undefined
        : 'the file is a zip archive but not a Word document (no word/document.xml)',
  })
