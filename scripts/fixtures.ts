/**
 * `pnpm fixtures`: regenerates the documents under fixtures/documents/ that the tests convert —
 * the well-formed ones with real libraries (docx, pdfkit), the hostile ones byte by byte. The
 * output is committed; run this only when a fixture must change.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx'
import { strToU8, zipSync } from 'fflate'
import PDFDocument from 'pdfkit'

const out = fileURLToPath(new URL('../fixtures/documents/', import.meta.url))
mkdirSync(out, { recursive: true })
const write = (name: string, data: Uint8Array | string) => {
  writeFileSync(`${out}${name}`, data)
  console.log(`fixtures/documents/${name}`)
}

// A 1×1 red PNG: the converters must drop or reference images, never inline them as base64.
const pixel = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
)

async function docx(): Promise<void> {
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
  const doc = new Document({
    numbering: {
      config: [
        { reference: 'steps', levels: [{ level: 0, format: 'decimal', text: '%1.', alignment: AlignmentType.START }] },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Quarterly Proposal', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('This proposal has '),
              new TextRun({ text: 'bold', bold: true }),
              new TextRun(' and '),
              new TextRun({ text: 'italic', italics: true }),
              new TextRun(' words, and a '),
              new ExternalHyperlink({
                link: 'https://example.com/terms',
                children: [new TextRun({ text: 'link to the terms', style: 'Hyperlink' })],
              }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ text: 'Scope', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Discovery workshop', bullet: { level: 0 } }),
          new Paragraph({ text: 'Prototype', bullet: { level: 0 } }),
          new Paragraph({ text: 'Launch', bullet: { level: 0 } }),
          new Paragraph({ text: 'Steps', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Sign the contract', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Pay the deposit', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Budget', heading: HeadingLevel.HEADING_2 }),
          new Table({
            rows: [
              new TableRow({ children: [cell('Item', true), cell('Cost', true)] }),
              new TableRow({ children: [cell('Design'), cell('1200')] }),
              new TableRow({ children: [cell('Build'), cell('3400')] }),
            ],
          }),
          new Paragraph({
            children: [new ImageRun({ type: 'png', data: pixel, transformation: { width: 10, height: 10 } })],
          }),
          new Paragraph({ text: 'Thank you.' }),
        ],
      },
    ],
  })
  const bytes = await Packer.toBuffer(doc)
  write('proposal.docx', bytes)
  // The same DOCX cut in half: it still looks like a DOCX, but its zip directory is gone.
  write('truncated.docx', bytes.subarray(0, Math.floor(bytes.length / 2)))
}

function pdf(): Promise<void> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: 'Field Report' } })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => {
      write('report.pdf', Buffer.concat(chunks))
      resolve()
    })
    doc.font('Helvetica-Bold').fontSize(24).text('Field Report')
    doc.moveDown()
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(
        'The survey covered three sites over two weeks. Every site was visited twice, once in the morning and once at night.',
      )
    doc.moveDown()
    doc.font('Helvetica-Bold').fontSize(16).text('Findings')
    doc.font('Helvetica').fontSize(11).text('Water levels were stable. The north site needs new fencing before winter.')
    doc.addPage()
    doc.font('Helvetica-Bold').fontSize(16).text('Next steps')
    doc.font('Helvetica').fontSize(11).text('Order the fencing and schedule the second survey for spring.')
    doc.end()
  })
}

function textFormats(): void {
  write(
    'article.html',
    `<!doctype html>
<html><head><title>Release notes</title><style>h1 { color: red }</style><script>alert('never in the Markdown')</script></head>
<body>
<h1>Release notes</h1>
<p>Version <strong>2.0</strong> brings <em>faster</em> exports and a <a href="https://example.com/changelog">full changelog</a>.</p>
<h2>Changes</h2>
<ul><li>Exports are streamed</li><li>Uploads resume</li></ul>
<ol><li>Back up</li><li>Upgrade</li></ol>
<table><thead><tr><th>Plan</th><th>Price</th></tr></thead><tbody><tr><td>Free</td><td>0</td></tr><tr><td>Team</td><td>12</td></tr></tbody></table>
<pre><code class="language-sh">npm install draftsmith</code></pre>
<p><img src="data:image/png;base64,${pixel.toString('base64')}" alt="inline pixel"> <img src="https://example.com/chart.png" alt="chart"></p>
<iframe src="https://example.com/embed"></iframe>
</body></html>
`,
  )
  write(
    'notes.md',
    '# Meeting notes\r\n\r\n\r\n\r\nAgenda:   \r\n\r\n* first item\r\n* second item\r\n\r\n\r\nDone.\r\n',
  )
  write('letter.txt', 'Dear team,\n\nThe office is closed on Friday.\n\n\n\nSee you Monday.\n   \n')
}

const docxParts = {
  '[Content_Types].xml': strToU8(
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ),
  '_rels/.rels': strToU8(
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  ),
}
const filler = (bytes: number) =>
  strToU8('<w:p><w:r><w:t>bomb</w:t></w:r></w:p>'.repeat(Math.ceil(bytes / 36)).slice(0, bytes))

/** Offsets of the local header and the central directory record of `name` in a zip fflate wrote. */
function records(zip: Uint8Array, name: string): { local: number; central: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const named = (at: number, nameAt: number) =>
    Buffer.from(zip.subarray(at + nameAt, at + nameAt + name.length)).toString() === name
  let local = -1
  let central = -1
  for (let at = 0; at + 46 < zip.length; at++) {
    const signature = view.getUint32(at, true)
    if (signature === 0x04034b50 && named(at, 30)) local = at
    if (signature === 0x02014b50 && named(at, 46)) central = at
  }
  return { local, central }
}

function hostile(): void {
  // A DOCX whose document.xml inflates to 256 MiB: the worker must refuse it before inflating it.
  write('zip-bomb.docx', zipSync({ ...docxParts, 'word/document.xml': filler(256 * 1024 * 1024) }, { level: 9 }))

  // The same kind of bomb (150 MiB), declaring 1 KiB in both its headers: only the bytes that
  // actually inflate can tell.
  const lying = zipSync({ ...docxParts, 'word/document.xml': filler(150 * 1024 * 1024) }, { level: 9 })
  const { local, central } = records(lying, 'word/document.xml')
  const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength)
  view.setUint32(local + 22, 1024, true)
  view.setUint32(central + 24, 1024, true)
  write('lying-zip-bomb.docx', lying)

  // Twenty directory entries pointing at one compressed kernel: each inflates it again.
  const parts: Record<string, Uint8Array> = { ...docxParts, 'word/document.xml': filler(4 * 1024 * 1024) }
  for (let i = 1; i <= 20; i++) parts[`word/media/copy${i}.xml`] = strToU8('x')
  const overlapping = zipSync(parts, { level: 9 })
  const o = new DataView(overlapping.buffer, overlapping.byteOffset, overlapping.byteLength)
  const kernel = records(overlapping, 'word/document.xml').central
  for (let i = 1; i <= 20; i++) {
    const copy = records(overlapping, `word/media/copy${i}.xml`).central
    // Method, time, date, CRC-32, sizes; then the local header offset.
    for (let field = 10; field < 28; field++) overlapping[copy + field] = overlapping[kernel + field] as number
    o.setUint32(copy + 42, o.getUint32(kernel + 42, true), true)
  }
  write('overlapping-zip-bomb.docx', overlapping)

  write(
    'broken.pdf',
    '%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nthis is not a pdf any more\n%%EOF\n',
  )
  write('pixel.png', pixel)
  // A one-pixel GIF: a picture of a kind that is not read (OCR reads PNG, JPEG, TIFF and WebP).
  write(
    'pixel.gif',
    Buffer.from(
      'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;',
      'latin1',
    ),
  )
}

await docx()
await pdf()
textFormats()
hostile()
