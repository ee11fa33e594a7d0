import type { PdfPage } from './pdfjs.js'

/** A piece of text drawn in one font at one place, in top-down page points (y is the baseline). */
export interface Run {
  text: string
  x: number
  y: number
  width: number
  size: number
  /** The font's PostScript name where pdf.js knows it (`ABCDEF+Times-Bold`), else its id. */
  font: string
  bold: boolean
  italic: boolean
  monospace: boolean
  rtl: boolean
  /** Set by pdf-links.ts: the target of the link annotation over this run. */
  link?: string
}

interface TextItem {
  str: string
  transform: number[]
  width: number
  fontName: string
  dir: string
}

interface FontFace {
  name?: string
  bold?: boolean
  black?: boolean
  italic?: boolean
  isMonospace?: boolean
}

const boldName = /bold|black|heavy|semibold|demibold|[-,]bd\b|medi|sfbx|cmbx|\bbx\d/i
const italicName = /italic|oblique|[-,]it\b|sfti|cmti/i
const monoName = /mono|courier|consol|sftt|cmtt|menlo/i

/**
 * The text runs of a page, with their fonts' weight. Fonts are known only once the page's
 * operator list has been built (pdf.js sends them to this side then), so call this after
 * `getOperatorList`.
 */
export async function pageRuns(page: PdfPage): Promise<Run[]> {
  const viewport = page.getViewport({ scale: 1 })
  const content = await page.getTextContent()
  const faces = new Map<string, FontFace>()
  const faceOf = (id: string): FontFace => {
    let face = faces.get(id)
    if (face === undefined) {
      try {
        face = (page.commonObjs.get(id) as FontFace | undefined) ?? {}
      } catch {
        face = {}
      }
      faces.set(id, face)
    }
    return face
  }
  const family = content.styles as Record<string, { fontFamily?: string }>
  const runs: Run[] = []
  for (const raw of content.items) {
    if (!('str' in raw)) continue
    const item = raw as unknown as TextItem
    if (item.str === '') continue
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform
    const size = Math.hypot(c, d) || Math.hypot(a, b)
    // Text drawn sideways (a rotated label) has no place in the page's lines.
    if (Math.abs(b) > Math.abs(a) * 0.2 && Math.abs(b) > 0.01) continue
    const [x, y] = viewport.convertToViewportPoint(e, f) as [number, number]
    const face = faceOf(item.fontName)
    const name = face.name ?? item.fontName
    runs.push({
      text: item.str,
      x,
      y,
      width: item.width,
      size,
      font: name,
      bold: face.bold === true || face.black === true || boldName.test(name),
      italic: face.italic === true || italicName.test(name),
      monospace: face.isMonospace === true || monoName.test(name) || family[item.fontName]?.fontFamily === 'monospace',
      rtl: item.dir === 'rtl',
    })
  }
  return runs
}
