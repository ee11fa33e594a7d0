import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import PDFDocument from 'pdfkit'
import sharp from 'sharp'

const run = promisify(execFile)

/** A page as a scanner leaves it: its JPEG, and the page's size in points. */
export interface ScannedPage {
  jpeg: Buffer
  widthPt: number
  heightPt: number
}

/** The same pseudo-random numbers every run: the scans are the same from run to run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/**
 * Prints a PDF's pages to 150-dpi grey pictures (poppler's pdftoppm) and makes each a scan with
 * sharp: turned by up to ±1.2° (white where the paper moved), speckled with Gaussian noise
 * (multiplied in, so paper greys and ink stays ink), saved as a JPEG of quality 75. `clean`
 * keeps the printed page as it is (a perfect scan) for the speed target.
 */
export async function scanPdf(pdf: string, dir: string, seed: number, clean = false): Promise<ScannedPage[]> {
  await run('pdftoppm', ['-r', '150', '-gray', '-png', pdf, join(dir, 'page')])
  const random = seeded(seed)
  const pages: ScannedPage[] = []
  for (const file of (await readdir(dir)).filter((f) => /^page-\d+\.png$/.test(f)).sort()) {
    const printed = await readFile(join(dir, file))
    const { width = 0, height = 0 } = await sharp(printed).metadata()
    let jpeg: Buffer
    if (clean) jpeg = await sharp(printed).jpeg({ quality: 90 }).toBuffer()
    else {
      const angle = (random() * 2 - 1) * 1.2
      const turned = await sharp(printed)
        .rotate(angle, { background: '#ffffff' })
        .extract({ left: 0, top: 0, width, height })
        .toBuffer()
      const noise = await sharp({
        create: {
          width,
          height,
          channels: 3,
          background: '#000000',
          noise: { type: 'gaussian', mean: 238, sigma: 14 },
        },
      })
        .greyscale()
        .png()
        .toBuffer()
      jpeg = await sharp(turned)
        .composite([{ input: noise, blend: 'multiply' }])
        .greyscale()
        .jpeg({ quality: 75 })
        .toBuffer()
    }
    pages.push({ jpeg, widthPt: (width * 72) / 150, heightPt: (height * 72) / 150 })
  }
  return pages
}

/** The scans as one PDF of page-sized pictures and no text: what a scanner's PDF is. */
export function scannedPdf(pages: ScannedPage[]): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  for (const page of pages) {
    doc.addPage({ size: [page.widthPt, page.heightPt], margin: 0 })
    doc.image(page.jpeg, 0, 0, { width: page.widthPt, height: page.heightPt })
  }
  doc.end()
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
}
