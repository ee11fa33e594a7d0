import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { convertAs } from '../../helpers.js'

/** Real pages of the fidelity corpus (see bench/fidelity/corpus/html/SOURCES.md), converted in-process. */
const corpus = fileURLToPath(new URL('../../../../../bench/fidelity/corpus/html/', import.meta.url))
const convert = (name: string) => convertAs('html', readFileSync(`${corpus}${name}.html`))

t.test('nested tables stay tables, as HTML, and no words glue together', async (t) => {
  const { markdown, report } = await convert('table_05')
  t.match(
    markdown,
    /<table><tr><td>A<\/td><td>B<\/td><\/tr><tr><td><table><tr><td>A1<\/td><td>B1<\/td><td>C1<\/td><\/tr>/,
  )
  t.notMatch(markdown, /A1B1|B1C1|C1D1/)
  t.equal(report.found.tables, 2)
  t.match(markdown, /\n\nAfter table\n$/, 'the text after the table is its own paragraph')
})

t.test('merged cells keep colspan and rowspan; a GitHub table where one can say it', async (t) => {
  const { markdown } = await convert('example_04')
  t.match(markdown, /<th colspan="2">Header 2 &amp; 3 \(colspan\)<\/th>/)
  t.match(markdown, /<td rowspan="2">Row 1 &amp; 2, Col 1 \(rowspan\)<\/td>/)
  const simple = await convert('table_01')
  t.match(simple.markdown, /^\| .+ \|\n\| --- \|/m, 'a plain table is a GitHub table')
})

t.test('rich cells: lists and nested tables as HTML, line breaks as <br>, pictures and links kept', async (t) => {
  const { markdown } = await convert('html_rich_table_cells')
  t.match(markdown, /<td><ul><li>Pond<\/li><li>Marsh<\/li><li>Riverbank<\/li><\/ul><\/td>/)
  t.match(markdown, /\| Aythya<br>\(Diving ducks\) \|/)
  t.match(markdown, /H<sub>2<\/sub>O/)
  t.match(
    markdown,
    /\[!\[White-headed duck thumbnail\]\(https:\/\/upload\.wikimedia\.org\/[^)]+\)\]\(https:\/\/upload\.wikimedia\.org\/[^)]+\)/,
  )
  t.notMatch(markdown, /\w<br>\w*<br>|PondMarsh|ShortSound/)
})

t.test('description lists: each term an item, its descriptions nested under it', async (t) => {
  const { markdown } = await convert('html_description_list')
  t.match(markdown, /^- \*\*Coffee\*\*\n {2}- Black hot drink\n- \*\*Milk\*\*/m)
  t.match(
    markdown,
    /^- \*\*Python\*\*\n {2}- A high-level programming language\n {2}- Known for its simplicity and readability$/m,
  )
  t.match(
    markdown,
    /^- \*\*Main Term 2 \(Sub-categories\)\*\*\n {2}- \*\*Sub-term A\*\*\n {4}- Detail for sub-term A\./m,
    'a nested <dl> nests one level',
  )
})

t.test('nested lists, blocks in list items, ordered lists keep their start', async (t) => {
  const { markdown } = await convert('example_07')
  t.match(markdown, /^- Asia\n {2}- China\n {2}- Japan/m)
  const started = await convert('example_01')
  t.match(
    started.markdown,
    /^1\. First item in ordered list\n2\. Second item in ordered list\n\n42\) First item in ordered list with start\n43\) Second item/m,
    'a list right after one of its kind takes the other delimiter, so the two stay two',
  )
  const blocks = await convert('html_nested_block_in_list_item')
  t.match(
    blocks.markdown,
    /^1\. Item with \*\*bold\*\* text\n\n {3}First paragraph block\n\n {3}Second paragraph block$/m,
  )
})

t.test('links: titles and relative links as written, links around blocks kept', async (t) => {
  const around = await convert('hyperlink_04')
  t.equal(around.markdown, '[This is some text.](/start.html)\n')
  const titled = await convert('hyperlink_02')
  t.match(titled.markdown, /## \[Home\]\(\/home\.html "My home page"\)/)
  t.match(titled.markdown, /!\[Image alt text\]\(\/etc\/designs\/core\/frontend\/guidelines\/img\/xyz\.svg\)/)
})

t.test('a pandoc-made page: footnotes, math, task lists, aligned tables, highlighted code, figures', async (t) => {
  const { markdown, report } = await convert('pandoc_features')
  t.match(markdown, /The survey\[\^1\] measured/)
  t.match(
    markdown,
    /\n\[\^1\]: Carried out in spring by two volunteers\.\n\n\[\^2\]: Fens are less acidic than bogs\.\n$/,
  )
  t.notMatch(markdown, /↩|fnref/, 'backlinks are dropped')
  t.match(markdown, /follows \$d = h - s\$ where \$h\$/)
  t.match(markdown, /\n\$\$\nA = \\pi r\^2\n\$\$\n/)
  t.match(markdown, /- \[x\] Gauge installed\n- \[ \] Second visit booked/)
  t.match(markdown, /\| Site \| Depth \(cm\) \| Birds \|\n\| --- \| ---: \| --- \|/)
  t.match(markdown, /```python\ndef depth\(gauge, surface\):\n {4}return gauge - surface\n```/)
  t.match(markdown, /!\[Map of the sites\]\(images\/map\.png "Survey map"\)\n\nMap of the sites/)
  t.match(markdown, /\[methods page\]\(\.\.\/methods\.html "How we measured"\)/)
  t.match(report.found, {
    headings: 5,
    footnotes: 2,
    equations: 3,
    lists: 2,
    tables: 1,
    codeBlocks: 1,
    images: 1,
    links: 2,
  })
  t.same(report.notKept, [])
})

t.test('a real web page (Wikipedia) converted whole: structure kept, scripts and styles gone', async (t) => {
  const { markdown, report } = await convertAs('html', readFileSync(`${corpus}wiki_duck.html`), { mainContent: false })
  t.match(markdown, /^# Duck$/m)
  t.match(markdown, /^## Taxonomy$/m)
  t.ok((report.found.links ?? 0) > 500, `${report.found.links} links`)
  t.ok((report.found.headings ?? 0) > 10)
  t.notMatch(markdown, /<script|function\s*\(|\{\s*display:/)
})
