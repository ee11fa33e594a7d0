import { readFileSync } from 'node:fs'
import t from 'tap'
import { defaultContext } from '../../src/context/context.js'
import type { DocumentFormat } from '../../src/formats.js'
import { readerFor } from '../../src/readers/registry.js'
import type { Node } from '../../src/tree/model.js'
import { corpus } from '../helpers.js'

/**
 * The document tree each reader builds from a few real documents of the fidelity corpus, as an
 * outline: element names, attributes and (shortened) text. A change to a reader that changes
 * what it hands the writer shows here first, element by element (`tap --snapshot` to accept it).
 */
function outline(node: Node, depth = 0): string[] {
  const pad = '  '.repeat(depth)
  if (typeof node === 'string') {
    const text = node.replace(/\s+/g, ' ').trim()
    return text === '' ? [] : [`${pad}"${text.length > 72 ? `${text.slice(0, 71)}…` : text}"`]
  }
  const attributes = Object.entries(node.attribs)
    .map(([name, value]) => ` ${name}=${JSON.stringify(value.length > 48 ? `${value.slice(0, 47)}…` : value)}`)
    .join('')
  return [`${pad}${node.name}${attributes}`, ...node.children.flatMap((child) => outline(child, depth + 1))]
}

const documents: Array<[DocumentFormat, string]> = [
  ['docx', 'unit_test_headers_numbered.docx'],
  ['docx', 'table_with_equations.docx'],
  ['html', 'example_02.html'],
  ['html', 'hyperlink_01.html'],
  ['pdf', 'code_and_formula.pdf'],
  ['pdf', 'right_to_left_02.pdf'],
  // Every other reader that builds the tree, on one small document of its corpus folder.
  ['odt', 'lo_tablecell.odt'],
  ['rtf', 'lo_tablecell.rtf'],
  ['doc', 'lo_tablecell.doc'],
  ['epub', 'epub_purvis_poetry.epub'],
  ['pptx', 'powerpoint_bad_text.pptx'],
  ['odp', 'odf_presentation_01.odp'],
  ['ppt', 'lo_powerpoint_sample.ppt'],
  ['xlsx', 'xlsx_05_table_with_title.xlsx'],
  ['xls', 'xlsx_05_table_with_title.xls'],
  ['ods', 'odf_table_with_title_01.ods'],
  ['csv', 'csv-inconsistent-header.csv'],
  ['eml', 'eml_simple.eml'],
  ['msg', 'msg_simple.msg'],
  ['ipynb', 'nbformat_test4.ipynb'],
  ['feed', 'release_notes.atom'],
  ['json', 'package_manifest.json'],
  ['xml', 'sitemap.xml'],
  ['zip', 'waterbird_count_2026.zip'],
]

for (const [format, name] of documents) {
  t.test(`${format}: ${name}`, async (t) => {
    const read = await (await readerFor(format)).read(readFileSync(`${corpus(format)}${name}`), defaultContext())
    t.ok('tree' in read, 'the reader builds a tree')
    if ('tree' in read) t.matchSnapshot(outline(read.tree).join('\n'))
  })
}
