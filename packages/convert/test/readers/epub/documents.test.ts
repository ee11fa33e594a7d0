import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs } from '../../helpers.js'
import { epub } from './book.js'

/** A real EPUB 3 pandoc wrote (fixtures/SOURCES.md); docling's book is in the fidelity bench. */
const book = readFileSync(fileURLToPath(new URL('./fixtures/pandoc_field_guide.epub', import.meta.url)))

t.test('detected from its mimetype member', async (t) => {
  t.match(await detect(book, 'guide.epub'), { ok: true, format: 'epub', mime: 'application/epub+zip' })
  t.match(await detect(book), { ok: true, format: 'epub' })
})

t.test('chapters in spine order, one document; links between chapters land on their headings', async (t) => {
  const { markdown, report } = await convertAs('epub', book)
  t.match(markdown, /^# A Small Field Guide\n\nAda Lovelace\n\nCharles Babbage\n/, 'the title page first')
  t.ok(markdown.indexOf('# Birds') < markdown.indexOf('# Trees'), 'reading order')
  t.match(markdown, /see \[the chapter on trees\]\(#trees\) for where they nest/)
  t.match(markdown, /back to \[the birds\]\(#birds\) or \[sparrows\]\(#sparrows\)/)
  t.match(markdown, /\| House sparrow \| 16 cm \|/)
  t.match(markdown, /\n1\. Oak\n {3}- English oak\n2\. Beech\n/)
  t.notMatch(markdown, /Table of Contents/, 'the navigation document is not read as a chapter')
  t.match(report.notKept, [{ code: 'table-of-contents-dropped' }])
})

t.test("the book's metadata is in the report: title, authors in order, language, date", async (t) => {
  const { report } = await convertAs('epub', book)
  t.match(report.metadata, {
    title: 'A Small Field Guide',
    authors: ['Ada Lovelace', 'Charles Babbage'],
    language: 'en-GB',
    created: '2024-05-01',
  })
})

t.test("the book's pictures become assets", async (t) => {
  const { markdown, assets } = await convertAs('epub', book)
  t.match(markdown, /!\[A red square\]\(assets\/image-1\.png\)/)
  t.equal(assets.length, 1)
  t.same([...(assets[0]?.bytes.subarray(0, 4) ?? [])], [0x89, 0x50, 0x4e, 0x47])
})

t.test('EPUB 3 notes (epub:type noteref → footnote, endnote) are GitHub footnotes, across chapters', async (t) => {
  const noteref = (href: string, n: string) => `<a epub:type="noteref" id="r${n}" href="${href}"><sup>${n}</sup></a>`
  const book = epub({
    'a.xhtml': `<h1>One</h1><p>Ducks dabble.${noteref('#n1', '1')} Geese graze.${noteref('notes.xhtml#n2', '2')}</p><aside epub:type="footnote" id="n1"><p>Mostly at dusk.</p></aside>`,
    'b.xhtml': `<h1>Two</h1><p>Swans too.${noteref('#n1', '1')}</p><aside epub:type="footnote" id="n1"><p>The same id, another chapter.</p></aside>`,
    'notes.xhtml': `<section epub:type="endnotes"><h2>Notes</h2><ol><li id="n2" epub:type="endnote"><p><a href="a.xhtml#r2">2.</a> A rear note.</p></li><li id="n3" epub:type="endnote"><p>Cited by nobody.</p></li></ol></section>`,
  })
  const { markdown, report } = await convertAs('epub', book)
  t.equal(
    markdown,
    '# One\n\nDucks dabble.[^1] Geese graze.[^2]\n\n# Two\n\nSwans too.[^3]\n\n[^1]: Mostly at dusk.\n\n[^2]: A rear note.\n\n[^3]: The same id, another chapter.\n\n[^4]: Cited by nobody.\n',
  )
  t.equal(report.found.footnotes, 4)
})
