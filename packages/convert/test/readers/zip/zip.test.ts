import { readFileSync } from 'node:fs'
import { zipSync } from 'fflate'
import t from 'tap'
import { convert } from '../../../src/convert.js'
import { detect } from '../../../src/detect.js'
import { corpus, notKeptCounts } from '../../helpers.js'

const pixel = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
)
const text = (s: string) => new TextEncoder().encode(s)

t.test(
  'an archive of documents: each member converted in name order under its own heading, pictures named after it',
  async (t) => {
    const inner = zipSync({ 'notes.md': text('# Inner notes\n\nInside the inner zip.\n') })
    const archive = zipSync({
      'b/report.docx': readFileSync(`${corpus('docx')}lorem_ipsum.docx`),
      'a/page.html': text(
        `<h1>Page</h1><p>A picture: <img alt="dot" src="data:image/png;base64,${pixel.toString('base64')}"></p>`,
      ),
      'c/readme.txt': text('Plain words.'),
      'd/inner.zip': inner,
      'e/data.bin': new Uint8Array([0, 1, 2, 3, 0, 255]),
      '__MACOSX/._page.html': text('junk'),
      'empty/': new Uint8Array(0),
    })
    t.match(await detect(archive), { ok: true, format: 'zip', mime: 'application/zip' })
    const { markdown, assets, report } = await convert(archive, { name: 'bundle.zip' })
    const headings = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1])
    t.same(headings, ['a/page.html', 'b/report.docx', 'c/readme.txt', 'd/inner.zip', 'e/data.bin'])
    t.match(markdown, /## a\/page\.html\n\n### Page\n\nA picture: !\[dot\]\(assets\/image-1\.png\)/)
    t.same(
      assets.map((a) => a.name),
      ['image-1.png'],
      'a data: picture is named by the writer, after the members are read',
    )
    t.match(markdown, /## b\/report\.docx\n\nLorem ipsum dolor sit amet/)
    t.match(
      markdown,
      /## d\/inner\.zip\n\n#### notes\.md\n\n##### Inner notes/,
      'a zip in a zip: converted one level down',
    )
    t.match(markdown, /## e\/data\.bin\n\n\*Not converted: e\/data\.bin is binary data of an unknown type/)
    t.notMatch(markdown, /MACOSX|junk/)
    t.equal(notKeptCounts(report)['embedded-not-converted'], 1)
  },
)

t.test("a Markdown member's headings nest under the member's own, down to ###### at most", async (t) => {
  const notes = [
    '---\ntitle: x\n---',
    '# Notes',
    'Setext\nover two lines\n===',
    'Sub\n---',
    '```sh\n# a comment, not a heading\n```',
    '##### Five',
    '- a list item\n\n---',
  ].join('\n\n')
  const { markdown } = await convert(zipSync({ 'notes.md': text(notes) }))
  t.equal(
    markdown,
    '## notes.md\n\n---\ntitle: x\n---\n\n### Notes\n\n### Setext over two lines\n\n#### Sub\n\n```sh\n# a comment, not a heading\n```\n\n###### Five\n\n- a list item\n\n---\n',
  )
})

t.test('a member of a type the engine does not read is named with its article: an EXE file', async (t) => {
  const program = new Uint8Array(64)
  program.set([0x4d, 0x5a]) // "MZ": a Windows program's signature
  const { markdown } = await convert(zipSync({ 'setup.exe': program, 'readme.txt': text('Read me.') }))
  t.match(
    markdown,
    /## setup\.exe\n\n\*Not converted: setup\.exe is an EXE file \(application\/x-msdownload\); supported: /,
  )
  t.notMatch(markdown, / a EXE /)
})

t.test('a zip of zips converts two levels and lists what is deeper', async (t) => {
  let nested = zipSync({ 'deepest.txt': text('Too deep to convert.') })
  for (let level = 4; level >= 1; level--)
    nested = zipSync({ [`level-${level}.zip`]: nested, [`note-${level}.txt`]: text(`Note at level ${level}.`) })
  const { markdown, report } = await convert(nested)
  t.match(markdown, /Note at level 1\./)
  t.match(markdown, /Note at level 2\./)
  t.notMatch(markdown, /Note at level 3\./)
  t.match(markdown, /level-3\.zip\n\n\*Not converted: it is nested more than 2 levels deep\.\*/)
  t.ok((notKeptCounts(report)['embedded-not-converted'] ?? 0) >= 1)
})

t.test('zip bombs are refused before or while inflating, within time', async (t) => {
  const started = Date.now()
  // 200 MB of zeros deflates to ~200 KB: past what an archive may inflate.
  const bomb = zipSync({ 'zeros.txt': new Uint8Array(200 * 1024 * 1024) }, { level: 9 })
  await t.rejects(convert(bomb), { name: 'ConversionInputError', message: /zip bomb/ })
  // The same inside a zip: the outer archive converts, the bomb inside is named and not converted.
  const { markdown } = await convert(zipSync({ 'inner.zip': bomb, 'ok.txt': text('Still here.') }, { level: 0 }))
  t.match(markdown, /## inner\.zip\n\n\*Not converted: [^*]*zip bomb/)
  t.match(markdown, /Still here\./)
  t.ok(Date.now() - started < 60_000)
})
