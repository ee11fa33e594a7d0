// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- word-extractor ships no types and the build leaves src/**/*.d.ts out: the declaration travels with its one user
/// <reference path="./word-extractor.d.ts" />
import WordExtractor from 'word-extractor'
import type { ConversionContext } from '../../context/context.js'
import { elementBound } from '../../context/limits.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element } from '../../tree/model.js'
import type { Reader } from '../reader.js'
import { unreadable } from '../shared/unreadable.js'

/**
 * Legacy Word (`.doc`, Word 97–2003). word-extractor (MIT, maintained) reads the compound file,
 * its piece table and its text streams — the body, footnotes, endnotes, headers — and nothing of
 * the styles: headings, list numbering, emphasis, links and pictures are not in what it gives
 * (ADR 077 says why this library and what would close the gap). Table rows are recognised by the
 * cell marks it turns into tabs at a line's end.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readDoc(bytes, context) }),
}

/** Lines ending in a tab are table rows: word-extractor writes every cell mark, the row's last too, as a tab. */
const isRow = (line: string) => line.endsWith('\t') && line.includes('\t')

const DOC_FORMAT = {
  label: 'DOC',
  remedy: 'it may be damaged, protected by a password, or not a Word document — save it again from Word and re-upload',
}

async function readDoc(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  let extracted: Awaited<ReturnType<WordExtractor['extract']>>
  try {
    extracted = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (error) {
    throw unreadable(error, DOC_FORMAT, context)
  }
  context.progress(50)
  const max = elementBound(context.limits, 512)
  let elements = 0
  const count = () => {
    if (++elements > max)
      throw new ConversionInputError(
        `the DOC file has more than ${max.toLocaleString('en')} paragraphs and cells, more than a conversion can hold in memory; it cannot be converted`,
      )
  }
  const root = documentRoot()
  const lines = extracted.getBody({ filterUnicode: false }).split('\n')
  let table: Element | undefined
  for (const line of lines) {
    if (isRow(line)) {
      table ??= element('table', {}, [element('tbody')])
      const row = element('tr')
      for (const cell of line.slice(0, -1).split('\t')) {
        count()
        appendNode(row, element('td', {}, cell.trim() === '' ? [] : [element('p', {}, [cell.trim()])]))
      }
      appendNode(table.children[0] as Element, row)
      continue
    }
    if (table !== undefined) {
      appendNode(root, table)
      table = undefined
    }
    if (line.trim() === '') continue
    count()
    appendNode(root, element('p', {}, [line.trim()]))
    context.report.found('paragraphs')
  }
  if (table !== undefined) appendNode(root, table)
  const notes = [extracted.getFootnotes({ filterUnicode: false }), extracted.getEndnotes({ filterUnicode: false })]
    .join('\n')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  if (notes.length > 0) {
    appendNode(root, element('hr'))
    for (const note of notes) {
      count()
      appendNode(root, element('p', {}, [note]))
    }
    context.report.notKept(
      'footnote-references-not-kept',
      (n) =>
        `${plural(n, 'footnote or endnote line')} kept at the end, without the marks that referenced ${n === 1 ? 'it' : 'them'}`,
      notes.length,
    )
  }
  if (extracted.getHeaders({ includeFooters: true }).trim() !== '')
    context.report.notKept(
      'page-header-footer-dropped',
      (n) => `${plural(n, 'page header or footer', 'page headers and footers')} left out (they repeat on every page)`,
    )
  if (extracted.getAnnotations().trim() !== '') {
    context.report.found('comments')
    context.report.notKept('comment-dropped', (n) => `${plural(n, 'comment')} left out`)
  }
  context.report.notKept(
    'doc-styles-not-read',
    () =>
      'legacy DOC: headings, list numbering, emphasis, links and pictures are not read; the text is kept as paragraphs and tables',
  )
  return root
}
