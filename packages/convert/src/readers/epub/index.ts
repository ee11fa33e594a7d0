import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot } from '../../tree/build.js'
import type { Document, Element } from '../../tree/model.js'
import { HtmlBudget, parseHtml } from '../html/parse.js'
import type { Reader } from '../reader.js'
import { PackagePictures } from '../shared/package-pictures.js'
import { XmlBudget } from '../shared/xml-tree.js'
import { readZipArchive } from '../shared/zip-archive.js'
import { adoptChapter } from './chapters.js'
import { resolveBookLinks, type BookLink } from './links.js'
import { BookNotes } from './notes.js'
import { readPackage } from './package.js'

/**
 * EPUB 2 and 3. The archive is inflated once within the zip-bomb bounds; the package document
 * (named by META-INF/container.xml) gives the metadata and the spine; each spine document is
 * parsed by the HTML reader's parser (as XHTML) and becomes a section of one document tree, in
 * reading order, its pictures assets, its links to other chapters pointed at the heading they land
 * on in the one Markdown document (links.ts), its notes GitHub footnotes (notes.ts). The book's metadata goes into the report. What is
 * kept and reported: docs/formats/epub.md; why: ADR 076.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readEpub(bytes, context) }),
}

async function readEpub(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const archive = await readZipArchive(bytes, {
    label: 'EPUB',
    remedy: 'export it again from the tool that made it and re-upload',
    notThisFormat: (names) =>
      names.includes('META-INF/container.xml') || names.some((name) => name.toLowerCase().endsWith('.opf'))
        ? undefined
        : 'the file is a zip archive but not an EPUB book (no META-INF/container.xml)',
  })
  context.progress(10)
  const book = readPackage(archive, new XmlBudget(context.limits))
  if (book === undefined || book.spine.length === 0)
    throw new ConversionInputError(
      'the EPUB file has no readable package document or no chapters; export it again and re-upload',
    )
  context.report.metadata(book.metadata)
  const budget = new HtmlBudget(context.limits)
  const pictures = new PackagePictures(archive, context)
  const targets = new Map<string, Element>()
  const links: BookLink[] = []
  const notes = new BookNotes()
  const root = documentRoot()
  let missing = 0
  for (const [index, path] of book.spine.entries()) {
    context.signal?.throwIfAborted()
    if (path === book.navigation) {
      context.report.notKept(
        'table-of-contents-dropped',
        () => "the book's table of contents left out (its headings are the Markdown's)",
      )
      continue
    }
    const source = archive.text(path)
    if (source === undefined) {
      missing++
      continue
    }
    // EPUB's chapters are XHTML (`<a id="x"/>` closes itself); EPUB 2 allowed HTML-flavoured ones too.
    const xhtml = /xml/i.test(book.mediaTypes.get(path) ?? '') || /\.xhtml$/i.test(path)
    const page = parseHtml(source, context.limits, { xhtml, budget })
    appendNode(root, adoptChapter(page, path, { pictures, context, targets, links, notes }))
    context.progress(10 + Math.round((70 * (index + 1)) / book.spine.length))
  }
  if (missing > 0)
    context.report.notKept(
      'chapter-missing',
      (n) => `${plural(n, 'chapter')} the book lists but does not contain left out`,
      missing,
    )
  resolveBookLinks(root, notes.resolve(root, targets, links), targets, context.report)
  return root
}
