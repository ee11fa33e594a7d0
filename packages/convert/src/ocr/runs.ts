import type { Run } from '../readers/pdf/runs.js'
import type { OcrLine, OcrPage } from './engine.js'

/** Where a picture stands on its page, in top-down page points, and its size in pixels. */
export interface Placement {
  x: number
  y: number
  width: number
  height: number
  pixelWidth: number
  pixelHeight: number
}

/** The baseline's height under `x`, following the line's slope (a scan is rarely quite straight). */
function baselineAt(line: OcrLine, x: number): number {
  const { x0, y0, x1, y1 } = line.baseline
  return x1 === x0 ? y0 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0)
}

/**
 * The words tesseract read as the PDF reader's text runs, placed where the picture stands on its
 * page: from here an OCRed page is laid out exactly as a page with a text layer (lines by
 * baseline, paragraphs, headings by size, tables by alignment). A word's size is its line's row
 * height, which is what a font size measures.
 */
export function ocrRuns(page: OcrPage, placement: Placement): Run[] {
  const sx = placement.width / placement.pixelWidth
  const sy = placement.height / placement.pixelHeight
  const runs: Run[] = []
  for (const line of page.lines) {
    const size = Math.max(1, line.rowHeight * sy)
    for (const word of line.words)
      runs.push({
        text: word.text,
        x: placement.x + word.x0 * sx,
        y: placement.y + baselineAt(line, (word.x0 + word.x1) / 2) * sy,
        width: (word.x1 - word.x0) * sx,
        size,
        font: 'ocr',
        bold: false,
        italic: false,
        monospace: false,
        rtl: false,
      })
  }
  return runs
}
