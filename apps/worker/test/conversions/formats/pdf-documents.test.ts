import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { convertDocument } from '../../../src/conversions/convert.js'
import { pdfToMarkdown } from '../../../src/conversions/formats/pdf.js'
import { AssetCollector } from '../../../src/conversions/asset-collector.js'
import { ConversionReporter } from '../../../src/conversions/conversion-reporter.js'
import { mimes } from '../../helpers/worker.js'

/**
 * Real documents of the fidelity corpus (see bench/fidelity/corpus/pdf/SOURCES-fidelity.md),
 * converted in-process. Each assertion is something the PDF really shows (checked against
 * `pdftotext -layout` and the expected Markdown beside it).
 */
const corpus = fileURLToPath(new URL('../../../../../bench/fidelity/corpus/pdf/', import.meta.url))
const bytes = (name: string) => readFileSync(`${corpus}${name}.pdf`)
const convert = (name: string) => convertDocument(mimes.pdf, bytes(name))
const notKept = (report: { notKept: { code: string; count: number }[] }) =>
  Object.fromEntries(report.notKept.map((note) => [note.code, note.count]))

t.test(
  'a paper page: numbered headings in a bold font at the body size, a ruled table as GFM, the running head and page number gone',
  async (t) => {
    const { markdown, report } = await convert('2305.03393v1-pg9')
    t.match(markdown, /^# 5\.1 Hyper Parameter Optimization$/m, 'the section number stays with its title')
    t.match(markdown, /^# 5\.2 Quantitative Results$/m)
    t.notMatch(markdown, /Optimized Table Tokenization/, 'the running head is furniture')
    t.notMatch(markdown, /^9$/m, 'so is the page number')
    t.match(
      markdown,
      /^\| 6 \| 6 \| OTSL HTML \| 0\.965 0\.969 \| 0\.934 0\.927 \| 0\.955 0\.955 \| 0\.88 0\.857 \| 2\.73 5\.39 \|$/m,
    )
    t.match(markdown, /Effects of reducing/, 'a word hyphenated across lines is one word again')
    t.match(
      markdown,
      /We have chosen the PubTabNet data set .+ highly diverse set of tables\./,
      'lines of a paragraph are one paragraph',
    )
    t.match(report.found, { pages: 1, headings: 2, tables: 1 })
    t.match(notKept(report), { 'page-furniture-removed': 2, 'internal-link-dropped': 4 })
  },
)

t.test('a five-page article: every heading by size, bullets as list items with their continuation lines', async (t) => {
  const { markdown, report } = await convert('multi_page')
  const headings = markdown.match(/^#+ .+$/gm) ?? []
  t.same(
    headings.map((h) => h.replace(/^#+ /, '')),
    [
      'The Evolution of the Word Processor',
      'Pre-Digital Era (19th - Early 20th Century)',
      'The Birth of Word Processing (1960s - 1970s)',
      'The Rise of Personal Computers (1980s)',
      'The Modern Era (1990s - Present)',
      'Future of Word Processing',
      'Specialized Word Processing Tools',
      'Key Features That Changed Word Processing',
      'The Cultural Impact of Word Processors',
      'Word Processors in a Post-Digital Era',
      'A Glimpse Into the Future',
    ],
  )
  t.match(
    markdown,
    /^- IBM MT\/ST \(Magnetic Tape\/Selectric Typewriter\): Introduced in 1964, this machine combined IBM's Selectric typewriter with magnetic tape storage\./m,
  )
  t.match(markdown, /^- Wang Laboratories: In the 1970s/m)
  t.match(markdown, /^- IBM MT.+\n- Wang Laboratories/m, 'consecutive items are one list')
  t.equal((markdown.match(/^- /gm) ?? []).length, 16)
  t.match(report.found, { pages: 5, headings: 11 })
})

t.test(
  'a handbook page: italic headings, pictures extracted as assets, labels over a drawing not taken for a table',
  async (t) => {
    const { markdown, assets, report } = await convert('amt_handbook_sample')
    t.match(markdown, /^# Boots Self-Locking Nut$/m)
    t.match(markdown, /^# Stainless Steel Self-Locking Nut$/m)
    t.match(markdown, /^# Elastic Stop Nut$/m)
    t.notMatch(markdown, /^\|/m, 'no table')
    t.ok(assets.length > 0)
    for (const asset of assets) {
      // Grey JPEGs stay JPEGs; the ones with a soft mask become PNGs of the pixels pdf.js decoded.
      const signature =
        asset.contentType === 'image/png' ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] : [0xff, 0xd8, 0xff]
      t.same([...asset.bytes.subarray(0, signature.length)], signature, `${asset.name} is a ${asset.contentType}`)
      t.match(markdown, `](assets/${asset.name})`, `${asset.name} is referenced`)
    }
    t.equal(report.found.images, (markdown.match(/!\[\]\(assets\//g) ?? []).length)
  },
)

t.test('pictures drawn from JPEGs are kept as those JPEGs, one asset each', async (t) => {
  const { markdown, assets } = await convert('picture_classification')
  t.equal(assets.length, 2)
  t.match(markdown, /!\[\]\(assets\/image-1\.jpg\)[\s\S]+!\[\]\(assets\/image-2\.jpg\)/)
  // The chart's JPEG is 768×474 pixels (pdfimages -list): the asset is the same bytes.
  const pdf = bytes('picture_classification')
  for (const asset of assets) {
    t.equal(asset.contentType, 'image/jpeg')
    t.ok(pdf.includes(Buffer.from(asset.bytes)), `${asset.name} is the JPEG inside the PDF, byte for byte`)
  }
  const chart = Buffer.from(assets[0]?.bytes ?? [])
  const frame = chart.toString('latin1').search(/\xff[\xc0-\xc2]/)
  t.same([chart.readUInt16BE(frame + 7), chart.readUInt16BE(frame + 5)], [768, 474], 'the chart, 768×474')
  t.match(markdown, /^# Figures Example$/m)
})

t.test(
  'a two-page spread: checkbox glyphs are list markers, the columns are read one after the other, the table beside them is a table',
  async (t) => {
    const { markdown } = await convert('table_mislabeled_as_picture')
    t.match(
      markdown,
      /^- They work in parallel to State funded private practitioners who take assignments to represent people eligible for legal aid$/m,
    )
    t.match(markdown, /^- Not applicable, there is no institutional legal aid provider$/m)
    const left = markdown.indexOf('Not applicable, there is no institutional legal aid provider')
    const right = markdown.indexOf('26. If your country allows legal aid services')
    t.ok(left >= 0 && right > left, 'the left column comes before the right one')
    t.notMatch(markdown, /[\u0080-\u009f]/, 'no control characters left from the checkbox font')
    t.match(
      markdown,
      /^\| y \| Persons with disabilities \| \\\* \| \\\* \|$/m,
      'the borderless table beside the text is a table',
    )
    t.match(markdown, /^\| y \| Internally displaced persons \| \\\* \| \\\* \|$/m)
  },
)

t.test(
  'right-to-left text in logical order, with its Latin words in place and its lam-alef ligatures the right way round',
  async (t) => {
    const { markdown } = await convert('right_to_left_01')
    t.match(markdown, /^# تحسين الإنتاجية وحل المشكلات من خلال البرمجة بلغة R و Python$/m)
    t.notMatch(markdown, /المشكالت|خالل/, 'no ligature left reversed')
    t.match(markdown, /^تعتبر البرمجة بلغة R و Python من الأدوات القوية/m)
  },
)

t.test(
  'code in a monospace font is fenced with its indentation; a report with an outline and many pages keeps its tables',
  async (t) => {
    const code = await convert('code_and_formula')
    t.match(
      code.markdown,
      /^```\nfunction add \(a , b \) \{\n {4}return a \+ b ;\n\}\nconsole \. log \( add \(3 , 5\) \) ;\n```$/m,
      'indented as drawn',
    )
    const { markdown, report } = await convert('redp5110_sampled')
    t.match(markdown, /^\| Column name \| Data type \| Description \|$/m)
    t.match(report.found, { pages: 18 })
    t.ok((report.found.tables ?? 0) >= 5, `${report.found.tables} tables`)
    t.ok((notKept(report)['page-furniture-removed'] ?? 0) >= 5, 'running headers and footers are removed')
  },
)

t.test('page markers are there when asked for, and only then', async (t) => {
  const context = () => ({ progress: () => {}, assets: new AssetCollector(), report: new ConversionReporter() })
  const plain = await pdfToMarkdown(bytes('multi_page'), context())
  t.notMatch(plain, /<!-- page/)
  const marked = await pdfToMarkdown(bytes('multi_page'), context(), { pageMarkers: true })
  t.same(marked.match(/<!-- page \d+ -->/g), [
    '<!-- page 1 -->',
    '<!-- page 2 -->',
    '<!-- page 3 -->',
    '<!-- page 4 -->',
    '<!-- page 5 -->',
  ])
  t.match(marked, /^<!-- page 1 -->\n\n# The Evolution of the Word Processor/)
})

t.test('every report counts what it found and words what it left out for people', async (t) => {
  for (const name of ['2305.03393v1-pg9', 'redp5110_sampled', 'normal_4pages', 'right_to_left_03']) {
    const { report } = await convert(name)
    t.ok((report.found.pages ?? 0) > 0, `${name}: pages counted`)
    for (const note of report.notKept) {
      t.match(note.code, /^[a-z]+(?:-[a-z]+)*$/, `${name}: ${note.code} is kebab-case`)
      t.match(note.message, new RegExp(`^${note.count} \\w`), `${name}: ${note.message}`)
    }
  }
})
