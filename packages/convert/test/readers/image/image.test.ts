import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import t from 'tap'
import { convert } from '../../../src/convert.js'
import { ConversionInputError } from '../../../src/errors.js'
import { notKeptCounts } from '../../helpers.js'

// OCR is CPU-heavy: each test reads one small page (900 × 240) or blank pages of a few pixels.
const here = fileURLToPath(new URL('.', import.meta.url))
const page = readFileSync(join(here, 'report-page.png'))
const blank = (width = 40, height = 20) =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer()

t.test(
  'a picture of a page: the picture, then its text as headings and paragraphs; the report says what OCR did',
  async (t) => {
    const result = await convert(page, { name: 'report.png' })
    t.match(
      result.markdown,
      /^!\[\]\(assets\/image-1\.png\)\n\n# Quarterly Report\n\nThe harbour office counted every vessel/,
    )
    t.match(result.markdown, /Traffic rose for the third quarter in a row\.\n$/)
    t.equal(result.assets.length, 1)
    t.same(Buffer.from(result.assets[0]!.bytes), page, 'the picture is kept as the file itself')
    t.equal(result.report.ocr?.pages, 1)
    t.ok((result.report.ocr?.meanConfidence ?? 0) > 80, `confidence ${result.report.ocr?.meanConfidence}`)
    t.same(result.report.ocr?.languages, ['eng'])
    t.equal(result.report.ocr?.picturesOnly, 0)
  },
)

t.test(
  'nothing is fetched or written: language data comes from the npm packages, with the network refused',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'draftsmith-offline-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const log = join(dir, 'network.log')
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        join(here, 'no-network.mjs'),
        '--import',
        import.meta.resolve('tsx'),
        '--conditions=@draftsmith/source',
        join(here, 'offline.ts'),
        join(here, 'report-page.png'),
      ],
      { cwd: dir, encoding: 'utf8', timeout: 120_000 },
    )
    t.equal(run.status, 0, run.stderr)
    const watched = readFileSync(log, 'utf8')
    t.match(watched, /loaded: worker thread/, "the watch ran inside tesseract.js' worker thread too")
    t.notMatch(watched, /network:/, 'no socket, DNS lookup or fetch was attempted')
    t.match(JSON.parse(run.stdout).markdown, /Quarterly Report/)
    t.same(readdirSync(dir).sort(), ['network.log'], 'nothing cached in the working directory')
  },
)

t.test('languages: a shipped one is used, one not shipped is refused naming those that are', async (t) => {
  // Loading French is shown by the command line's test (eng+deu); here only the choice, without OCR.
  const result = await convert(await blank(), {
    name: 'blank.png',
    ocrLanguages: ['fra', 'eng'],
    limits: { ocrPagePixels: 1 },
  })
  t.same(result.report.ocr?.languages, ['fra', 'eng'])
  await t.rejects(convert(page, { name: 'page.png', ocrLanguages: ['klingon'] }), {
    name: 'ConversionInputError',
    message: /OCR language klingon is not shipped with draftsmith; shipped: eng, fra, deu, spa/,
  })
})

t.test("the EXIF description is kept as the picture's text and caption; JPEG kept as its bytes", async (t) => {
  const jpeg = await sharp(await blank(60, 30))
    .jpeg()
    .withExif({ IFD0: { ImageDescription: 'Harbour office, ledger page 4' } })
    .toBuffer()
  // A blank picture has no text to read: OCR is bounded out, the caption is what is tested.
  const result = await convert(jpeg, { name: 'photo.jpg', limits: { ocrPagePixels: 1 } })
  t.equal(result.markdown, '![Harbour office, ledger page 4](assets/image-1.jpg)\n\n*Harbour office, ledger page 4*\n')
  t.same(Buffer.from(result.assets[0]!.bytes), jpeg)
})

t.test(
  'a multi-page TIFF: each page a PNG (browsers do not show TIFF) with its text; pages past the cap reported',
  async (t) => {
    // Frames of one TIFF share a size: the page, then two blank pages of its size.
    const joined = await sharp([page, await blank(900, 240), await blank(900, 240)], { join: { animated: true } })
      .tiff()
      .toBuffer()
    const result = await convert(joined, { name: 'scan.tif', limits: { ocrMaxPages: 2 } })
    t.equal(result.report.found.pages, 3)
    t.same(notKeptCounts(result.report), { 'pages-not-converted': 1 })
    t.same(
      result.assets.map((a) => a.contentType),
      ['image/png', 'image/png'],
    )
    t.match(result.markdown, /^!\[page 1\]\(assets\/image-1\.png\)\n\n# Quarterly Report\n/)
    t.match(result.markdown, /!\[page 2\]\(assets\/image-2\.png\)\n$/)
    t.equal(result.report.ocr?.pages, 2)
  },
)

t.test('hostile: a many-page TIFF stops at the page cap', async (t) => {
  const frames = await Promise.all(Array.from({ length: 300 }, () => blank(8, 8)))
  const tiff = await sharp(frames, { join: { animated: true } })
    .tiff()
    .toBuffer()
  const result = await convert(tiff, { name: 'many.tiff', limits: { ocrMaxPages: 3 } })
  t.equal(result.report.found.pages, 300)
  t.equal(notKeptCounts(result.report)['pages-not-converted'], 297)
  t.equal(result.report.ocr?.pages, 3)
})

/** A PNG whose header says `width` × `height` and whose pixel data is a few bytes of nothing. */
async function claimedPng(width: number, height: number): Promise<Buffer> {
  const small = Buffer.from(await blank(1, 1))
  // IHDR's width and height are the eight bytes after the signature (8), length (4) and type (4).
  small.writeUInt32BE(width, 16)
  small.writeUInt32BE(height, 20)
  // Its CRC no longer matches: fix it, so the header is what a decoder believes.
  const { crc32 } = await import('node:zlib')
  small.writeUInt32BE(crc32(small.subarray(12, 29)) >>> 0, 29)
  return small
}

t.test('hostile: a picture claiming ten billion pixels is refused from its header, nothing decoded', async (t) => {
  const huge = await claimedPng(100_000, 100_000)
  const before = process.memoryUsage.rss()
  await t.rejects(convert(huge, { name: 'huge.png' }), {
    name: 'ConversionInputError',
    message: 'the picture is 100000 × 100000 pixels, more than the 16 million a conversion decodes',
  })
  t.ok(process.memoryUsage.rss() - before < 200 * 1024 * 1024, 'nothing was decoded')
})

t.test('bounds: a page over the OCR pixel bound stays a picture, reported', async (t) => {
  const result = await convert(page, { name: 'page.png', limits: { ocrPagePixels: 100_000 } })
  t.equal(result.markdown, '![](assets/image-1.png)\n')
  t.same(notKeptCounts(result.report), { 'ocr-over-pixel-bound': 1 })
  t.same(result.report.ocr, { pages: 0, meanConfidence: 0, picturesOnly: 1, languages: ['eng'] })
})

t.test("bounds: real memory — a page that would pass the conversion's budget stays a picture", async (t) => {
  const result = await convert(page, { name: 'page.png', limits: { memoryMb: 64 } })
  t.same(notKeptCounts(result.report), { 'ocr-over-memory': 1 })
})

t.test('bounds: a page that takes longer than its time stays a picture; the next conversion reads again', async (t) => {
  const slow = await convert(page, { name: 'page.png', limits: { ocrPageTimeoutMs: 1 } })
  t.same(notKeptCounts(slow.report), { 'ocr-page-timeout': 1 })
  t.equal(slow.markdown, '![](assets/image-1.png)\n')
})

t.test('hostile: broken pictures fail with a sentence for people', async (t) => {
  const png = Buffer.from(page)
  const corrupt = Buffer.concat([png.subarray(0, 40), Buffer.alloc(2000, 0x5a)])
  await t.rejects(convert(corrupt, { name: 'broken.png' }), ConversionInputError)
  await t.rejects(convert(corrupt, { name: 'broken.png' }), { message: /^the picture could not be read|could not/ })
  const truncated = png.subarray(0, Math.floor(png.length / 3))
  const outcome = await convert(truncated, { name: 'cut.png' }).then(
    (r) => ({ ok: true as const, r }),
    (e: Error) => ({ ok: false as const, e }),
  )
  if (outcome.ok) t.match(notKeptCounts(outcome.r.report), { 'ocr-failed': 1 }, 'kept as a picture, OCR reported')
  else t.type(outcome.e, ConversionInputError)
})
