import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import PDFDocument from 'pdfkit'
import sharp from 'sharp'
import t from 'tap'
import { convertAs, notKeptCounts } from '../../helpers.js'

// OCR is CPU-heavy: one small page per test (the 900 × 240 picture of ../image), or none.
const picture = readFileSync(fileURLToPath(new URL('../image/report-page.png', import.meta.url)))

/** A one-page PDF the size of the picture at 150 dpi, the picture filling it; `draw` adds to it. */
async function scanned(draw: (doc: PDFKit.PDFDocument) => void = () => {}): Promise<Buffer> {
  const jpeg = await sharp(picture).jpeg({ quality: 85 }).toBuffer()
  const size: [number, number] = [(900 * 72) / 150, (240 * 72) / 150]
  const doc = new PDFDocument({ size, margin: 0 })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  doc.image(jpeg, 0, 0, { width: size[0], height: size[1] })
  draw(doc)
  doc.end()
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
}

/** Text over the scan in rendering mode 3 (invisible), as OCR programs lay it. */
const invisible = (lines: string[]) => (doc: PDFKit.PDFDocument) => {
  doc.addContent('3 Tr')
  doc.font('Helvetica').fontSize(9)
  lines.forEach((line, i) => doc.text(line, 10, 10 + i * 20, { lineBreak: false }))
}

t.test('a scanned page (a picture, no text) is read by OCR through the PDF layout: heading, paragraphs', async (t) => {
  const { markdown, report, assets } = await convertAs('pdf', await scanned())
  t.match(markdown, /^# Quarterly Report\n\nThe harbour office counted every vessel that entered the port/)
  t.match(markdown, /\n\nTraffic rose for the third quarter in a row\.\n$/)
  t.equal(assets.length, 0, "the page's picture gives way to its text")
  t.same(notKeptCounts(report), { 'scan-replaced-by-text': 1 })
  t.match(report.ocr, { pages: 1, picturesOnly: 0, languages: ['eng'] })
  t.ok((report.ocr?.meanConfidence ?? 0) > 80)
})

t.test('an invisible text layer that reads as words is kept: no OCR', async (t) => {
  const pdf = await scanned(
    invisible(['Quarterly Report', 'The harbour office counted every vessel that entered the port.']),
  )
  const { markdown, report, assets } = await convertAs('pdf', pdf)
  t.match(markdown, /The harbour office counted every vessel that entered the port\./)
  t.equal(report.ocr, undefined, 'OCR never ran')
  t.equal(assets.length, 1, 'the scan stays, as for any picture on a page with text')
})

t.test('an invisible text layer of a poor OCR is read again', async (t) => {
  const pdf = await scanned(invisible(['Qu4rt3rIy R3p0rt ||| ,.;', 'Tlie liarbonr 0ff1ce c0unted ev3ry vesse1 ~~ %%']))
  const { markdown, report } = await convertAs('pdf', pdf)
  t.match(markdown, /^# Quarterly Report\n/)
  t.notMatch(markdown, /liarbonr/)
  t.equal(report.ocr?.pages, 1)
})

t.test('a scanned page over an OCR bound stays a picture, and the report says why', async (t) => {
  const { markdown, report, assets } = await convertAs('pdf', await scanned(), { limits: { ocrPagePixels: 10_000 } })
  t.equal(markdown, '![](assets/image-1.jpg)\n')
  t.equal(assets.length, 1)
  t.same(notKeptCounts(report), { 'ocr-over-pixel-bound': 1, 'text-layer-missing': 1 })
  t.match(report.ocr, { pages: 0, picturesOnly: 1 })
})
