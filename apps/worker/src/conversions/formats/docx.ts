import mammoth from 'mammoth'
import type { ConversionContext } from '../conversion-context.js'
import { ConversionInputError } from '../input-error.js'
import { checkDocxArchive } from './docx-archive.js'
import { htmlToMarkdown } from './html.js'

export async function docxToMarkdown(bytes: Uint8Array, context: ConversionContext): Promise<string> {
  await checkDocxArchive(bytes)
  context.progress(20)
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
  context.progress(60)
  return htmlToMarkdown(html, context)
}
