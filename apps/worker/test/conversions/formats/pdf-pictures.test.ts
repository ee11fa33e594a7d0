import { inflateSync } from 'node:zlib'
import { handMadePdf, manyPicturesPdf, predictorPicturePdf, zeroPicture } from '@draftsmith/test-support'
import t from 'tap'
import { convertDocument } from '../../../src/conversions/convert.js'
import { mimes } from '../../helpers/worker.js'

/**
 * Issue 17: PDF pictures are bounded in decoded pixels before pdf.js decodes them (finding 1),
 * and stored near the size the PDF holds them at (finding 2).
 */
const codes = (report: { notKept: { code: string; count: number }[] }) =>
  Object.fromEntries(report.notKept.map((note) => [note.code, note.count]))

t.test('a picture that PNG predictors shrink is stored as the PDF holds it, not 48 MB of pixels', async (t) => {
  const pdf = predictorPicturePdf(4000)
  const { markdown, assets, report } = await convertDocument(mimes.pdf, pdf)
  t.equal(markdown, 'One picture that grows when decoded.\n\n![](assets/image-1.png)\n')
  t.equal(assets.length, 1)
  const png = Buffer.from(assets[0]!.bytes)
  t.ok(png.length < pdf.length, `${png.length} bytes stored for a ${pdf.length}-byte upload (was 48 MB)`)
  t.same([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]], [4000, 4000, 8, 2], '4000×4000, 8-bit RGB')
  // The IDAT is the PDF's stream: every row carries its "Up" filter, and the rows are all there.
  const idat = png.subarray(41, 41 + png.readUInt32BE(33))
  const rows = inflateSync(idat)
  t.equal(rows.length, (4000 * 3 + 1) * 4000)
  t.equal(rows[(4000 * 3 + 1) * 1234], 2)
  t.same(report.notKept, [])
})

t.test('pictures are bounded per page in decoded pixels, inline ones too, and reported', async (t) => {
  for (const inline of [false, true]) {
    const { markdown, assets, report } = await convertDocument(mimes.pdf, manyPicturesPdf(6, 2000, { inline }))
    t.equal(markdown, 'A page of 6 pictures.\n', inline ? 'inline pictures' : 'picture objects')
    t.same(assets, [])
    t.match(codes(report), { 'image-over-pixel-bound': 6 }, '24 megapixels on a page of 16')
  }
})

t.test('a page over its bound keeps the pictures that fit a smaller largest picture', async (t) => {
  // One 4 Mpx picture and sixteen of 0.25 Mpx: 8 Mpx in all, over a bound of 6; at most 1 Mpx each fits.
  const pdf = handMadePdf([
    {
      text: 'Seventeen pictures.',
      pictures: [zeroPicture(2000, 1), ...Array.from({ length: 16 }, (_, i) => zeroPicture(500, i + 2))],
    },
  ])
  const { assets, report } = await convertDocument(mimes.pdf, pdf, undefined, {}, { pagePixels: 6_000_000 })
  t.equal(assets.length, 16, 'the small ones are kept')
  t.match(codes(report), { 'image-over-pixel-bound': 1 }, 'the large one is reported')
})

t.test('the document bound counts a picture painted on several pages once', async (t) => {
  const picture = zeroPicture(1000, 7)
  const pages = Array.from({ length: 5 }, (_, i) => ({
    text: `Page ${i + 1}.`,
    pictures: [picture, zeroPicture(1000, i + 10)],
  }))
  const { report } = await convertDocument(mimes.pdf, handMadePdf(pages), undefined, {}, { documentPixels: 4_500_000 })
  // 1 Mpx each: the shared one (written on every page as its own object here) and one per page.
  t.ok((codes(report)['image-over-pixel-bound'] ?? 0) > 0, 'pictures past 4.5 Mpx in the document are reported')
})

t.test('stored pictures are bounded relative to the upload, and what is left out is reported', async (t) => {
  const pdf = predictorPicturePdf(1000)
  const { markdown, assets, report } = await convertDocument(
    mimes.pdf,
    pdf,
    undefined,
    {},
    {
      outputRatio: 0,
      outputFloorBytes: 1000,
    },
  )
  t.same(assets, [])
  t.equal(markdown, 'One picture that grows when decoded.\n')
  t.match(codes(report), { 'image-over-limit': 1 })
})

t.test('Markdown past the output bound is cut at a line and reported', async (t) => {
  const text = Array.from({ length: 2000 }, (_, i) => `Line ${i} of a long memo.`).join('\n')
  const { markdown, report } = await convertDocument(
    mimes.text,
    Buffer.from(text),
    undefined,
    {},
    {
      outputRatio: 0,
      outputFloorBytes: 10_000,
      markdownMaxBytes: 1_000_000,
    },
  )
  t.ok(Buffer.byteLength(markdown) <= 10_001, `${Buffer.byteLength(markdown)} bytes kept`)
  t.match(markdown, /^Line 0 of a long memo\.\n[\s\S]*\.\n$/, 'whole lines only')
  t.match(report.notKept, [{ code: 'markdown-over-limit', message: /KB of text past the conversion's output bound/ }])
})
