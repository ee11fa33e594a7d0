import type { PdfPage } from './pdfjs.js'
import type { Run } from './runs.js'

/** A link annotation's clickable area in top-down page points, and where it goes. */
export interface LinkArea {
  url: string
  x0: number
  x1: number
  top: number
  bottom: number
}

interface Annotation {
  subtype?: string
  url?: string
  unsafeUrl?: string
  rect?: number[]
}

/**
 * The page's links that name a target (a URI action); links inside the document have no target a
 * Markdown reader can follow. Every target goes into the tree as written: whether it is safe to
 * link is the writer's one policy (markdown/links.ts), which keeps the text of a `javascript:` one
 * and reports it as it does for every format.
 */
export async function pageLinks(page: PdfPage): Promise<{ links: LinkArea[]; internal: number }> {
  const viewport = page.getViewport({ scale: 1 })
  const annotations = (await page.getAnnotations()) as Annotation[]
  const links: LinkArea[] = []
  let internal = 0
  for (const annotation of annotations) {
    if (annotation.subtype !== 'Link' || !annotation.rect) continue
    // pdf.js fills `url` (made absolute: `www.x.org` → `http://www.x.org/`) only for the schemes it
    // would open itself; `unsafeUrl` is the URI as written.
    const url = (annotation.url ?? annotation.unsafeUrl)?.trim()
    if (!url) {
      internal++
      continue
    }
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = annotation.rect
    const [ax, ay] = viewport.convertToViewportPoint(x0, y0) as [number, number]
    const [bx, by] = viewport.convertToViewportPoint(x1, y1) as [number, number]
    links.push({ url, x0: Math.min(ax, bx), x1: Math.max(ax, bx), top: Math.min(ay, by), bottom: Math.max(ay, by) })
  }
  return { links, internal }
}

/**
 * Character positions estimated from widths are a character or two off (glyphs differ in
 * width): a cut within two characters of a word's start (or end) moves there.
 */
function snap(text: string, at: number, start: boolean): number {
  const boundary = (i: number) =>
    start
      ? (i === 0 || /\s/.test(text[i - 1] ?? '')) && /\S/.test(text[i] ?? '')
      : i > 0 && /\S/.test(text[i - 1] ?? '') && (i === text.length || /\s/.test(text[i] ?? ''))
  for (const offset of [0, -1, 1, -2, 2])
    if (at + offset >= 0 && at + offset <= text.length && boundary(at + offset)) return at + offset
  return at
}

/**
 * Marks the runs under each link area with its target, cutting a run where the area starts or
 * ends inside it (characters placed by their share of the run's width).
 */
export function applyLinks(runs: Run[], links: LinkArea[]): Run[] {
  if (links.length === 0) return runs
  const out: Run[] = []
  for (const run of runs) {
    const link = links.find(
      (area) =>
        run.y >= area.top - 1 &&
        run.y - run.size * 0.5 <= area.bottom + 1 &&
        run.x < area.x1 &&
        run.x + run.width > area.x0,
    )
    if (!link || run.text.length === 0 || run.width <= 0) {
      out.push(run)
      continue
    }
    const per = run.width / run.text.length
    const from = snap(run.text, Math.max(0, Math.min(run.text.length, Math.round((link.x0 - run.x) / per))), true)
    const to = Math.max(
      from,
      snap(run.text, Math.max(0, Math.min(run.text.length, Math.round((link.x1 - run.x) / per))), false),
    )
    const piece = (start: number, end: number, url?: string): Run => ({
      ...run,
      text: run.text.slice(start, end),
      x: run.x + start * per,
      width: (end - start) * per,
      ...(url ? { link: url } : {}),
    })
    if (from > 0) out.push(piece(0, from))
    out.push(piece(from, to, link.url))
    if (to < run.text.length) out.push(piece(to, run.text.length))
  }
  return out.filter((run) => run.text !== '')
}
