import type { PdfPage } from './pdfjs.js'
import { greatest, least } from '../../arrays.js'

/** A straight horizontal or vertical stroke on a page (a table's ruling), in top-down page points. */
export interface Ruling {
  /** Horizontal: x0 < x1 and y0 = y1; vertical: y0 < y1 and x0 = x1. */
  x0: number
  y0: number
  x1: number
  y1: number
}

/** Where a picture is drawn, in top-down page points, and the pdf.js object that holds its pixels. */
export interface PlacedImage {
  objectId: string | undefined
  /** Inline pictures carry their pixels in the operator list itself. */
  inline: PdfImageData | undefined
  x: number
  y: number
  width: number
  height: number
}

/** Decoded pixels as pdf.js hands them over (`ImageKind`: 1 = 1 bit grey, 2 = RGB, 3 = RGBA). */
export interface PdfImageData {
  width: number
  height: number
  kind?: number
  data?: Uint8Array | Uint8ClampedArray
  /** The PDF object the picture was decoded from (`12R`), for pictures that are objects. */
  ref?: string
}

/** A small drawn square (a checkbox or a square bullet): where list markers drawn as shapes sit. */
export interface Box {
  x: number
  y: number
  size: number
}

export interface PageGraphics {
  rulings: Ruling[]
  images: PlacedImage[]
  boxes: Box[]
}

type Matrix = [number, number, number, number, number, number]

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
]
const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
]

/** pdf.js' path drawing codes inside a `constructPath` (its `DrawOPS`). */
const draw = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const

/** A stroke thinner than this (points) drawn as a filled rectangle is a line. */
const thinRule = 3
/** Shorter marks are glyph parts, bullets or underline dashes, not rulings. */
const shortestRule = 6

/**
 * Most rulings and squares kept per page: a table page has a few hundred; a drawing of a
 * million strokes would make table finding quadratic, and its strokes are not a table anyway.
 */
export const maxRulings = 4000
const maxBoxes = 2000

const isWhite = (color: unknown) => typeof color === 'string' && /^#f[0-9a-f]f[0-9a-f]f[0-9a-f]$/i.test(color)

/**
 * Walks a page's operator list: the straight strokes and thin filled bars that rule tables, and
 * where each picture is painted. Colours are followed only to ignore white strokes (invisible
 * borders and backgrounds); everything else about the drawing is not needed for text.
 */
export function pageGraphics(
  operators: { fnArray: number[]; argsArray: unknown[][] },
  ops: Record<string, number>,
  page: PdfPage,
): PageGraphics {
  const viewport = page.getViewport({ scale: 1 })
  const toPage = viewport.transform as Matrix
  const rulings: Ruling[] = []
  const images: PlacedImage[] = []
  const boxes: Box[] = []
  let ctm: Matrix = [1, 0, 0, 1, 0, 0]
  let stroke: unknown = '#000000'
  let fill: unknown = '#000000'
  const stack: { ctm: Matrix; stroke: unknown; fill: unknown }[] = []

  const addLine = (ax: number, ay: number, bx: number, by: number) => {
    if (rulings.length >= maxRulings) return
    const [x0, y0] = apply(toPage, ...apply(ctm, ax, ay))
    const [x1, y1] = apply(toPage, ...apply(ctm, bx, by))
    if (Math.abs(y0 - y1) < 1 && Math.abs(x1 - x0) >= shortestRule)
      rulings.push({ x0: Math.min(x0, x1), x1: Math.max(x0, x1), y0: (y0 + y1) / 2, y1: (y0 + y1) / 2 })
    else if (Math.abs(x0 - x1) < 1 && Math.abs(y1 - y0) >= shortestRule)
      rulings.push({ y0: Math.min(y0, y1), y1: Math.max(y0, y1), x0: (x0 + x1) / 2, x1: (x0 + x1) / 2 })
  }
  const addBar = (points: [number, number][], filledBar: boolean) => {
    const mapped = points.map(([x, y]) => apply(toPage, ...apply(ctm, x, y)))
    const xs = mapped.map((p) => p[0])
    const ys = mapped.map((p) => p[1])
    const [left, right, top, bottom] = [least(xs), greatest(xs), least(ys), greatest(ys)]
    if (
      boxes.length < maxBoxes &&
      right - left >= 3 &&
      right - left <= 14 &&
      Math.abs(right - left - (bottom - top)) < 1.5
    )
      boxes.push({ x: left, y: top, size: right - left })
    if (!filledBar || rulings.length >= maxRulings) return
    // A shaded cell's edges rule its row as a stroke would (header rows are often only shaded).
    if (
      bottom - top > thinRule &&
      right - left > thinRule &&
      points.length <= 5 &&
      right - left >= shortestRule * 2 &&
      bottom - top >= shortestRule
    ) {
      rulings.push({ x0: left, x1: right, y0: top, y1: top }, { x0: left, x1: right, y0: bottom, y1: bottom })
      rulings.push({ x0: left, x1: left, y0: top, y1: bottom }, { x0: right, x1: right, y0: top, y1: bottom })
      return
    }
    if (bottom - top <= thinRule && right - left >= shortestRule)
      rulings.push({ x0: left, x1: right, y0: (top + bottom) / 2, y1: (top + bottom) / 2 })
    else if (right - left <= thinRule && bottom - top >= shortestRule)
      rulings.push({ y0: top, y1: bottom, x0: (left + right) / 2, x1: (left + right) / 2 })
  }

  const path = (paint: number, data: ArrayLike<number>) => {
    const stroked =
      paint === ops.stroke ||
      paint === ops.closeStroke ||
      (paint >= (ops.fillStroke ?? 24) && paint <= (ops.closeEOFillStroke ?? 27))
    const filled =
      paint === ops.fill ||
      paint === ops.eoFill ||
      (paint >= (ops.fillStroke ?? 24) && paint <= (ops.closeEOFillStroke ?? 27))
    if (!stroked && !filled) return
    let start: [number, number] = [0, 0]
    let at: [number, number] = [0, 0]
    let points: [number, number][] = []
    const endSubpath = () => {
      if (((filled && !isWhite(fill)) || (stroked && !isWhite(stroke))) && points.length >= 3)
        addBar(points, filled && !isWhite(fill))
      points = []
    }
    for (let i = 0; i < data.length;) {
      const code = data[i++]
      if (code === draw.moveTo) {
        endSubpath()
        start = at = [data[i++] ?? 0, data[i++] ?? 0]
        points.push(at)
      } else if (code === draw.lineTo) {
        const next: [number, number] = [data[i++] ?? 0, data[i++] ?? 0]
        if (stroked && !isWhite(stroke)) addLine(at[0], at[1], next[0], next[1])
        at = next
        points.push(at)
      } else if (code === draw.curveTo) {
        i += 4
        at = [data[i++] ?? 0, data[i++] ?? 0]
        points.push(at)
      } else if (code === draw.quadraticCurveTo) {
        i += 2
        at = [data[i++] ?? 0, data[i++] ?? 0]
        points.push(at)
      } else if (code === draw.closePath) {
        if (stroked && !isWhite(stroke)) addLine(at[0], at[1], start[0], start[1])
        at = start
      } else break
    }
    endSubpath()
  }

  const otherStroke = new Set([ops.setStrokeGray, ops.setStrokeCMYKColor, ops.setStrokeColor, ops.setStrokeColorN])
  const otherFill = new Set([ops.setFillGray, ops.setFillCMYKColor, ops.setFillColor, ops.setFillColorN])
  const { fnArray, argsArray } = operators
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]
    const args = argsArray[i] ?? []
    switch (fn) {
      case ops.save:
        stack.push({ ctm, stroke, fill })
        break
      case ops.restore:
      case ops.paintFormXObjectEnd: {
        const state = stack.pop()
        if (state) ({ ctm, stroke, fill } = state)
        break
      }
      case ops.transform:
        ctm = multiply(ctm, args as Matrix)
        break
      case ops.paintFormXObjectBegin:
        stack.push({ ctm, stroke, fill })
        if (Array.isArray(args[0]) || ArrayBuffer.isView(args[0]))
          ctm = multiply(ctm, Array.from(args[0] as ArrayLike<number>) as Matrix)
        break
      case ops.setStrokeRGBColor:
        stroke = args[0]
        break
      case ops.setFillRGBColor:
        fill = args[0]
        break
      case ops.constructPath: {
        const data = (args[1] as unknown[] | undefined)?.[0]
        if (data && typeof data === 'object' && 'length' in data) path(args[0] as number, data as ArrayLike<number>)
        break
      }
      case ops.paintImageXObject:
      case ops.paintInlineImageXObject: {
        const corners = [apply(ctm, 0, 0), apply(ctm, 1, 0), apply(ctm, 0, 1), apply(ctm, 1, 1)].map(([x, y]) =>
          apply(toPage, x, y),
        )
        const xs = corners.map((c) => c[0])
        const ys = corners.map((c) => c[1])
        const x = least(xs)
        const y = least(ys)
        const inline = fn === ops.paintInlineImageXObject ? (args[0] as PdfImageData) : undefined
        images.push({
          objectId: inline ? undefined : String(args[0]),
          inline,
          x,
          y,
          width: greatest(xs) - x,
          height: greatest(ys) - y,
        })
        break
      }
      default:
        // Colours pdf.js did not turn into RGB (patterns, other spaces): anything but white counts as ink.
        if (otherStroke.has(fn ?? -1)) stroke = '#000000'
        else if (otherFill.has(fn ?? -1)) fill = '#000000'
    }
  }
  return { rulings, images, boxes }
}
