import { getDocumentProxy } from 'unpdf'
import type { ConversionContext } from '../conversion-context.js'
import { ConversionInputError } from '../input-error.js'
import { normalizeMarkdown } from './text.js'

interface Line {
  text: string
  size: number
  y: number
}

interface TextItem {
  str: string
  transform: number[]
  hasEOL: boolean
}

/** Lines of a page, top to bottom: items on one baseline joined, the font size being the largest. */
function linesOf(items: TextItem[]): Line[] {
  const lines: Line[] = []
  let current: Line | undefined
  for (const item of items) {
    const size = Math.abs(item.transform[3] ?? item.transform[0] ?? 0)
    const y = item.transform[5] ?? 0
    if (current && Math.abs(current.y - y) < Math.max(2, size * 0.3)) {
      current.text += item.str
      current.size = Math.max(current.size, item.str.trim() ? size : 0)
    } else {
      if (current && current.text.trim()) lines.push(current)
      current = { text: item.str, size: item.str.trim() ? size : 0, y }
    }
    if (item.hasEOL && current) {
      if (current.text.trim()) lines.push(current)
      current = undefined
    }
  }
  if (current && current.text.trim()) lines.push(current)
  return lines
}

/** The font size most of the text is set in, weighted by characters. */
function bodySize(lines: Line[]): number {
  const weight = new Map<number, number>()
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2
    weight.set(size, (weight.get(size) ?? 0) + line.text.length)
  }
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0
}

const listMarker = /^\s*([•◦▪‣∙·*-]|\d{1,3}[.)])\s+/

/**
 * Text and structure from a PDF: lines noticeably larger than the body text become headings
 * (larger size, higher level), lines close together join into paragraphs, bullet and number
 * markers become list items. Layout that PDFs do not encode (tables, columns) stays text.
 */
export async function pdfToMarkdown(bytes: Uint8Array, context: ConversionContext): Promise<string> {
  const { progress } = context
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    // pdfjs refuses Buffers (and may detach what it gets): hand it a plain copy.
    pdf = await getDocumentProxy(Uint8Array.from(bytes), { verbosity: 0 })
  } catch (error) {
    throw new ConversionInputError(`the PDF could not be opened (${(error as Error).message}); it may be damaged or encrypted`)
  }
  try {
    const pages: Line[][] = []
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number)
      const content = await page.getTextContent()
      pages.push(linesOf(content.items.filter((i): i is TextItem & typeof i => 'str' in i) as TextItem[]))
      page.cleanup()
      progress(10 + Math.round((70 * number) / pdf.numPages))
    }
    const all = pages.flat()
    if (all.length === 0) throw new ConversionInputError('the PDF has no text layer (it may be a scan); nothing to convert')
    const body = bodySize(all)
    const headingSizes = [...new Set(all.filter((l) => l.size >= body * 1.15 && l.text.trim().length <= 120).map((l) => Math.round(l.size)))].sort((a, b) => b - a)
    const level = (size: number) => Math.min(6, headingSizes.indexOf(Math.round(size)) + 1)

    const blocks: string[] = []
    for (const lines of pages) {
      let paragraph: string[] = []
      let previous: Line | undefined
      const flush = () => {
        if (paragraph.length > 0) blocks.push(paragraph.join(' ').replace(/(\w)- (\w)/g, '$1$2'))
        paragraph = []
      }
      for (const line of lines) {
        const text = line.text.trim()
        if (headingSizes.includes(Math.round(line.size)) && line.size >= body * 1.15) {
          flush()
          blocks.push(`${'#'.repeat(level(line.size))} ${text}`)
        } else if (listMarker.test(text)) {
          flush()
          const marker = listMarker.exec(text)?.[1] ?? '-'
          blocks.push(`${/\d/.test(marker) ? `${marker.replace(')', '.')}` : '-'} ${text.replace(listMarker, '')}`)
        } else {
          const gap = previous ? previous.y - line.y : 0
          if (previous && gap > previous.size * 1.6) flush()
          paragraph.push(text)
        }
        previous = line
      }
      flush()
    }
    progress(90)
    // Consecutive list items belong to one list: no blank line between them.
    return normalizeMarkdown(blocks.join('\n\n').replace(/^((?:-|\d+\.) .*)\n\n(?=(?:-|\d+\.) )/gm, '$1\n'))
  } finally {
    await pdf.loadingTask.destroy()
  }
}
