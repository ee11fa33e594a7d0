import { readFileSync } from 'node:fs'
import t from 'tap'
import { convert } from '../src/convert.js'
import { withFrontMatter } from '../src/markdown/front-matter.js'
import { corpus, fixture } from './helpers.js'

/** Document metadata (ADR 073): always in the report; YAML front matter only when asked. */

t.test('the metadata is in the report; front matter only when asked, quoted where YAML would misread it', async (t) => {
  const bytes = readFileSync(`${corpus('xls')}legacy_sample.xls`)
  const plain = await convert(bytes, { name: 'ducks.xls' })
  t.match(plain.report.metadata, { title: 'Wild Duck Observations', language: 'en-US' })
  t.match(plain.markdown, /^## Duck Observations/, 'no front matter by default')
  const asked = await convert(bytes, { name: 'ducks.xls', frontMatter: true })
  t.equal(
    asked.markdown.slice(0, asked.markdown.indexOf('## ')),
    '---\ntitle: "Wild Duck Observations"\ncreated: "2025-10-10T08:42:42.000Z"\nmodified: "2026-07-14T13:58:34.000Z"\nlanguage: "en-US"\n---\n\n',
  )
  t.equal(
    withFrontMatter('text\n', { title: 'Part 1: "Yes" — no', authors: ['A. B', 'C'] }),
    '---\ntitle: "Part 1: \\"Yes\\" — no"\nauthors:\n  - "A. B"\n  - "C"\n---\n\ntext\n',
  )
  t.equal(withFrontMatter('text\n', {}), 'text\n', 'nothing to say: no front matter')
})

t.test('DOCX core properties are read into the metadata', async (t) => {
  const { report } = await convert(fixture('proposal.docx'), { name: 'proposal.docx' })
  t.type(report.metadata, 'object')
})
