import PDFDocument from 'pdfkit'
import t from 'tap'
import { convertAs } from '../../helpers.js'
import { fixture } from '../../helpers.js'

/**
 * What the corpus has none of: link annotations to the web (its only links point inside the
 * documents), numbered lists, a logo on every page. Made with pdfkit, which writes real URI
 * annotations.
 */
function build(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 72 })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  draw(doc)
  doc.end()
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
}

t.test(
  'link annotations become Markdown links over the words under them; an unsafe target is refused by the one link policy',
  async (t) => {
    const pdf = await build((doc) => {
      doc.font('Helvetica').fontSize(11)
      doc
        .text('Read ', { continued: true })
        .text('the handbook', { link: 'https://example.com/handbook', continued: true })
        .text(' before the review.')
      doc
        .moveDown()
        .text('Write to ', { continued: true })
        .text('the team', { link: 'mailto:team@example.com', continued: true })
        .text(' with questions.')
      doc
        .moveDown()
        .text('Mail ', { continued: true })
        .text('(desk@example.com)', { link: 'mailto:desk@example.com', continued: true })
        .text(' today.')
      doc.moveDown().text('Unsafe target', { link: 'javascript:alert(1)' })
    })
    const { markdown, report } = await convertAs('pdf', pdf)
    t.match(markdown, /^Read \[the handbook\]\(https:\/\/example\.com\/handbook\) before the review\.$/m)
    t.match(markdown, /^Write to \[the team\]\(mailto:team@example\.com\) with questions\.$/m)
    t.match(
      markdown,
      /^Mail \(\[desk@example\.com\]\(mailto:desk@example\.com\)\) today\.$/m,
      'brackets under the link area stay outside it',
    )
    t.notMatch(markdown, /javascript:/)
    t.match(markdown, /^Unsafe target$/m)
    t.equal(report.found.links, 3)
    // The writer's policy, as for HTML and DOCX: not "a link to another place in the PDF".
    t.same(
      report.notKept.map((note) => [note.code, note.count]),
      [['link-target-unsafe', 1]],
    )
  },
)

t.test('numbered items keep their numbers; a heading set in a larger bold font', async (t) => {
  const pdf = await build((doc) => {
    doc.font('Helvetica-Bold').fontSize(18).text('Delivery plan')
    doc.moveDown(0.5).font('Helvetica').fontSize(11)
    doc.text('1. Survey the three sites before the rains.')
    doc.text('2. Order the fencing for the north site.')
    doc.text('3. Schedule the second survey in spring.')
    doc.moveDown().text('Each step has an owner and a date.')
  })
  const { markdown } = await convertAs('pdf', pdf)
  t.equal(
    markdown,
    '# Delivery plan\n\n1. Survey the three sites before the rains.\n2. Order the fencing for the north site.\n3. Schedule the second survey in spring.\n\nEach step has an owner and a date.\n',
  )
})

t.test('a logo on every page is shown once and the repeats are reported', async (t) => {
  const pdf = await build((doc) => {
    for (let page = 1; page <= 4; page++) {
      if (page > 1) doc.addPage()
      doc.image(fixture('pixel.png'), 72, 40, { width: 40, height: 40 })
      doc.font('Helvetica').fontSize(11).text(`The findings of part ${page} are in the appendix.`, 72, 120)
    }
  })
  const { markdown, assets, report } = await convertAs('pdf', pdf)
  t.equal(assets.length, 1)
  t.equal((markdown.match(/!\[\]\(assets\/image-1\.png\)/g) ?? []).length, 1)
  t.match(markdown, /part 1 [\s\S]+part 4 are in the appendix\.\n$/)
  t.match(report.notKept, [{ code: 'repeated-picture-removed', count: 3 }])
})
