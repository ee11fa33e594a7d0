import { unzipSync } from 'fflate'
import mammoth from 'mammoth'
import { ConversionInputError } from '../input-error.js'
import { htmlToMarkdown } from './html.js'

/** What a Word document may inflate to. A real 300-page document is a few MB of XML. */
const MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
const MAX_RATIO = 200

/**
 * Reads the zip's directory without inflating anything and refuses a zip bomb (or something that
 * is not a Word document) before mammoth would inflate it in memory.
 */
function checkArchive(bytes: Uint8Array): void {
  let total = 0
  let hasDocument = false
  try {
    unzipSync(bytes, {
      filter: (entry) => {
        total += entry.originalSize
        if (entry.name === 'word/document.xml') hasDocument = true
        if (entry.originalSize > MAX_UNCOMPRESSED_BYTES || (entry.size > 0 && entry.originalSize / entry.size > MAX_RATIO && entry.originalSize > 10 * 1024 * 1024)) {
          throw new ConversionInputError(`the DOCX file would expand to ${Math.round(entry.originalSize / 1048576)} MB (${entry.name}); it looks like a zip bomb and was not opened`)
        }
        return false
      },
    })
  } catch (error) {
    if (error instanceof ConversionInputError) throw error
    throw new ConversionInputError('the DOCX file is damaged or incomplete (its zip structure cannot be read); save it again from Word and re-upload')
  }
  if (total > MAX_UNCOMPRESSED_BYTES) throw new ConversionInputError(`the DOCX file would expand to ${Math.round(total / 1048576)} MB in total; that is more than a document needs`)
  if (!hasDocument) throw new ConversionInputError('the file is a zip archive but not a Word document (no word/document.xml)')
}

export async function docxToMarkdown(bytes: Uint8Array, progress: (percent: number) => void): Promise<string> {
  checkArchive(bytes)
  progress(20)
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images are dropped; their description is kept by the HTML step.
      { convertImage: mammoth.images.imgElement(async (image) => ({ src: '', alt: (image as { altText?: string }).altText ?? '' })) },
    )
    html = result.value
  } catch (error) {
    if (error instanceof ConversionInputError) throw error
    throw new ConversionInputError(`the DOCX file could not be read (${(error as Error).message.split('\n')[0]}); save it again from Word and re-upload`)
  }
  progress(60)
  return htmlToMarkdown(html)
}
