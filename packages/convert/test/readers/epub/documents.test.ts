import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { detect } from '../../../src/detect.js'
import { convertAs } from '../../helpers.js'

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
