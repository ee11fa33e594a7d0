/**
 * Hostile documents made on the fly, for the tests and the memory benchmark (issue 17): small
 * files that decode or nest far past their size. Built byte by byte so each one is exactly the
 * shape the bound is about, and never committed (some decode to gigabytes).
 */
import { randomBytes } from 'node:crypto'
import { deflateSync } from 'node:zlib'

/** One picture of a hand-made PDF: its dictionary entries and the bytes of its stream, as stored. */
export interface PdfPicture {
  width: number
  height: number
  /** `/DeviceRGB` by default. */
  colorSpace?: string
  bitsPerComponent?: number
  /** `/FlateDecode` by default; `/DCTDecode` for a JPEG. */
  filter?: string
  /** Extra dictionary entries, e.g. `/DecodeParms << /Predictor 12 /Colors 3 /Columns 4000 >>`. */
  extra?: string
  /** The stream's bytes as they sit in the file (already compressed). */
  stream: Uint8Array
  /** Painted inline in the content stream (`BI … ID … EI`) instead of as an XObject. */
  inline?: boolean
}

export interface PdfPage {
  text?: string
  pictures?: PdfPicture[]
}

/**
 * A PDF of `pages`, each with one line of Helvetica text and its pictures painted side by side,
 * 100 pt square each. Objects are written uncompressed with a classic xref table.
 */
export function handMadePdf(pages: PdfPage[]): Buffer {
  const objects: Buffer[] = []
  const add = (body: string | Buffer): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body)
    return objects.length
  }
  const stream = (dict: string, bytes: Uint8Array) =>
    Buffer.concat([
      Buffer.from(`<< ${dict} /Length ${bytes.length} >>\nstream\n`, 'latin1'),
      bytes,
      Buffer.from('\nendstream', 'latin1'),
    ])
  add('<< /Type /Catalog /Pages 2 0 R >>')
  add('') // the page tree, written once the pages are known
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>')
  const kids: number[] = []
  for (const page of pages) {
    const xobjects: string[] = []
    const content: Buffer[] = []
    if (page.text) content.push(Buffer.from(`BT /F1 12 Tf 72 740 Td (${page.text}) Tj ET\n`, 'latin1'))
    ;(page.pictures ?? []).forEach((picture, index) => {
      const dict = `/Width ${picture.width} /Height ${picture.height} /ColorSpace ${picture.colorSpace ?? '/DeviceRGB'} /BitsPerComponent ${picture.bitsPerComponent ?? 8} /Filter ${picture.filter ?? '/FlateDecode'} ${picture.extra ?? ''}`
      const place = `q 100 0 0 100 ${40 + (index % 5) * 110} ${600 - Math.floor(index / 5) * 110} cm\n`
      if (picture.inline) {
        const inlineDict = dict
          .replace('/Width', '/W')
          .replace('/Height', '/H')
          .replace('/ColorSpace', '/CS')
          .replace('/BitsPerComponent', '/BPC')
          .replace('/Filter', '/F')
        content.push(
          Buffer.from(`${place}BI ${inlineDict} ID `, 'latin1'),
          Buffer.from(picture.stream),
          Buffer.from('\nEI Q\n', 'latin1'),
        )
        return
      }
      const id = add(stream(`/Type /XObject /Subtype /Image ${dict}`, picture.stream))
      xobjects.push(`/Im${index} ${id} 0 R`)
      content.push(Buffer.from(`${place}/Im${index} Do Q\n`, 'latin1'))
    })
    const contents = add(stream('', Buffer.concat(content)))
    kids.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> /XObject << ${xobjects.join(' ')} >> >> /Contents ${contents} 0 R >>`,
      ),
    )
  }
  objects[1] = Buffer.from(
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`,
    'latin1',
  )
  const parts: Buffer[] = [Buffer.from('%PDF-1.5\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  let length = parts[0]!.length
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(length)
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')])
    parts.push(object)
    length += object.length
  })
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
  ].join('')
  parts.push(Buffer.from(xref, 'latin1'))
  return Buffer.concat(parts)
}

/**
 * A `side`×`side` RGB picture of zeros, Flate-compressed (~1000:1), made distinct from its
 * siblings by one byte so no converter can keep it once for all of them.
 */
export function zeroPicture(side: number, distinctBy = 0, options: { inline?: boolean } = {}): PdfPicture {
  const pixels = Buffer.alloc(side * side * 3)
  pixels[pixels.length - 1] = distinctBy % 256
  pixels[pixels.length - 2] = Math.floor(distinctBy / 256) % 256
  return { width: side, height: side, stream: deflateSync(pixels, { level: 9 }), ...options }
}

/**
 * Finding 1 of issue 17: one page of `count` distinct `side`×`side` RGB pictures of zeros
 * (20 × 4000² ≈ 939 KB on disk, 960 MB of pixels decoded).
 */
export function manyPicturesPdf(count = 20, side = 4000, options: { inline?: boolean } = {}): Buffer {
  // Compressing 960 MB of pixels takes seconds: a test file asking twice gets the same bytes.
  const key = `${count}:${side}:${options.inline === true}`
  let pdf = madePdfs.get(key)
  if (pdf === undefined) {
    pdf = handMadePdf([
      {
        text: `A page of ${count} pictures.`,
        pictures: Array.from({ length: count }, (_, i) => zeroPicture(side, i + 1, options)),
      },
    ])
    madePdfs.set(key, pdf)
  }
  return pdf
}
const madePdfs = new Map<string, Buffer>()

/**
 * Finding 2 of issue 17: a `side`×`side` RGB picture that the PNG "Up" predictor makes
 * compressible and nothing else does — each row is the one above plus a fixed random step per
 * column — so a PNG written without filters is as large as its pixels (48 MB at 4000²) while the
 * PDF holds a few hundred KB.
 */
export function predictorPicture(side = 4000, seed = randomBytes(side * 3)): PdfPicture {
  const stride = side * 3
  const filtered = Buffer.alloc((stride + 1) * side)
  for (let y = 0; y < side; y++) {
    filtered[y * (stride + 1)] = 2 // Up
    seed.copy(filtered, y * (stride + 1) + 1, 0, stride)
  }
  return {
    width: side,
    height: side,
    extra: `/DecodeParms << /Predictor 12 /Colors 3 /BitsPerComponent 8 /Columns ${side} >>`,
    stream: deflateSync(filtered, { level: 9 }),
  }
}

export function predictorPicturePdf(side = 4000): Buffer {
  return handMadePdf([{ text: 'One picture that grows when decoded.', pictures: [predictorPicture(side)] }])
}

/** Finding 7 of issue 17: block quotes nested `depth` deep on one line (`> > > … text`). */
export function nestedQuotesMarkdown(depth = 20_000): string {
  return `${'> '.repeat(depth)}deep\n`
}

/**
 * Finding 7 of issue 17: a list nested `depth` levels deep, each level indented two more spaces
 * (3,000 levels ≈ 9 MB).
 */
export function nestedListMarkdown(depth = 3000): string {
  const lines: string[] = []
  for (let level = 0; level < depth; level++) lines.push(`${'  '.repeat(level)}- item ${level + 1}`)
  return `${lines.join('\n')}\n`
}
