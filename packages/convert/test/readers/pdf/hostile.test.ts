import { readFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import PDFDocument from 'pdfkit'
import t from 'tap'
import { convertAs, corpus, notKeptCounts } from '../../helpers.js'
import { ConversionInputError } from '../../../src/errors.js'

const codes = notKeptCounts

/** A PDF of `pages` pages, one line of text each, made with pdfkit. */
function manyPages(pages: number): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, compress: true })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  for (let i = 1; i <= pages; i++) doc.addPage({ size: 'A6' }).fontSize(11).text(`Line on page ${i}.`, 40, 60)
  doc.end()
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
}

/** A hand-made one-page PDF with text (or none, like a scan) and a picture that declares `side`×`side` pixels but holds a few bytes. */
function hugePicture(side: number, text = true): Buffer {
  const pixels = deflateSync(Buffer.alloc(Math.min(side * side * 3, 1 << 20), 128))
  const content = `${text ? 'BT /F1 12 Tf 72 720 Td (Text beside a huge picture.) Tj ET ' : ''}q 200 0 0 200 72 400 cm /Im1 Do Q`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length ${pixels.length} >>\nstream\n${pixels.toString('latin1')}\nendstream`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
  })
  const xref = Buffer.byteLength(body, 'latin1')
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

t.test('thousands of pages: the page cap converts the first pages and reports the rest', async (t) => {
  const pdf = await manyPages(3000)
  const { markdown, report } = await convertAs('pdf', pdf, { limits: { pdfMaxPages: 40 } })
  t.match(markdown, /^Line on page 1\.\n/)
  t.match(markdown, /Line on page 40\.\n$/)
  t.notMatch(markdown, /page 41\./)
  t.match(codes(report), { 'pages-not-converted': 2960 })
  t.equal(report.found.pages, 3000)
})

t.test('the time budget stops reading pages and says how many were left', async (t) => {
  const pdf = await manyPages(300)
  const { markdown, report } = await convertAs('pdf', pdf, { limits: { pdfTimeBudgetMs: 1 } })
  t.match(markdown, /^Line on page 1\./, 'the first page is always read')
  const left = codes(report)['pages-not-converted'] ?? 0
  t.ok(left > 0 && left < 300, `${left} pages reported as not converted`)
  t.match(
    report.notKept.find((note) => note.code === 'pages-not-converted')?.message,
    /past the time a conversion may take/,
  )
})

t.test('a picture declaring 400 million pixels is never decoded; the text converts', async (t) => {
  const { markdown, assets } = await convertAs('pdf', hugePicture(20000))
  t.equal(markdown, 'Text beside a huge picture.\n')
  t.equal(assets.length, 0)
})

t.test('a picture within the bounds is kept', async (t) => {
  const { markdown, assets } = await convertAs('pdf', hugePicture(64))
  t.match(markdown, /^Text beside a huge picture\.\n\n!\[\]\(assets\/image-1\.png\)\n$/)
  t.equal(assets.length, 1)
})

t.test(
  'a scan (a picture, no text layer) where OCR finds no text keeps its picture and says the text is missing',
  async (t) => {
    const { markdown, assets, report } = await convertAs('pdf', hugePicture(64, false))
    t.equal(markdown, '![](assets/image-1.png)\n')
    t.equal(assets.length, 1)
    t.match(report.notKept, [
      {
        code: 'text-layer-missing',
        count: 1,
        message: '1 page without text (OCR found none or could not read it) kept as pictures only',
      },
    ])
    await t.rejects(
      convertAs('pdf', hugePicture(20000, false)),
      ConversionInputError,
      'with no picture either, nothing to convert',
    )
  },
)

t.test(
  'a page of 60 000 strokes and 20 000 marks drawn on one spot converts, and the drawing is not a table',
  async (t) => {
    const pdf = await new Promise<Buffer>((resolve) => {
      const doc = new PDFDocument({ size: 'A4', margin: 72, compress: true })
      const chunks: Buffer[] = []
      doc.on('data', (chunk: Buffer) => chunks.push(chunk))
      doc.on('end', () => resolve(Buffer.concat(chunks)))
      doc.fontSize(11).text('A drawing follows.', 72, 72)
      for (let i = 0; i < 30_000; i++)
        doc
          .moveTo(72 + (i % 400), 200)
          .lineTo(72 + (i % 400), 600)
          .moveTo(72, 200 + (i % 400))
          .lineTo(472, 200 + (i % 400))
      doc.stroke()
      for (let i = 0; i < 20_000; i++) doc.text('.', 500, 700, { lineBreak: false })
      doc.end()
    })
    const { markdown, report } = await convertAs('pdf', pdf)
    t.match(markdown, /^A drawing follows\.\n/)
    t.notMatch(markdown, /^\|/m, 'no table made of the strokes')
    t.equal((markdown.match(/\./g) ?? []).length, 2, 'the mark drawn 20 000 times over itself is one')
    t.equal(report.found.pages, 1)
  },
)

t.test('malformed files fail with a message for people, or convert what can be read', async (t) => {
  await t.rejects(convertAs('pdf', Buffer.from('%PDF-1.7\n' + 'garbage '.repeat(2000))), ConversionInputError)
  await t.rejects(convertAs('pdf', Buffer.from('not a pdf at all')), ConversionInputError)
  const real = readFileSync(`${corpus('pdf')}multi_page.pdf`)
  for (const share of [0.3, 0.6, 0.9]) {
    const truncated = real.subarray(0, Math.floor(real.length * share))
    try {
      const { markdown } = await convertAs('pdf', truncated)
      t.ok(markdown.length > 0, `${share * 100}% of the file converts to some text`)
    } catch (error) {
      t.type(error, ConversionInputError, `${share * 100}% of the file fails as bad input`)
    }
  }
})
