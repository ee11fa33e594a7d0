import type { ConversionContext } from '../../context/context.js'
import { element } from '../../tree/build.js'
import type { Document, Element, Node } from '../../tree/model.js'
import { textOf } from '../../tree/query.js'
import { decodeText } from '../text/decode.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { parseHtml } from './parse.js'
import { readerModeSkip } from './reader-mode.js'

/**
 * HTML: htmlparser2 parses the page the forgiving way browsers do into the document tree itself
 * (tree/model.ts is HTML's vocabulary), so nothing is translated; the writer keeps headings,
 * lists (task and description lists too), tables (HTML where GitHub tables cannot say them),
 * pictures (`data:` ones as assets), links, code, equations and footnotes, and reports what it
 * cannot keep (embedded frames, videos). A page with an article keeps the article (reader mode,
 * ADR 085) under its title; what was left out is counted. Any other page — and one too large for
 * reader mode's DOM (ADR 102, said in the report) — is read whole, not only `<body>`: what a broken
 * page puts after `</body>` or inside an unclosed `<head>` is still its text.
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    return { tree: await readPage(decodeText(bytes), context) }
  },
}

/** A page as the document tree, whole: pages inside other documents (mail, feeds, notebooks). */
export function readHtml(html: string, context: ConversionContext): Document {
  return parseHtml(html, context.limits)
}

/** A page as the document tree: its article when it has one and reader mode is on, else all of it. */
export async function readPage(html: string, context: ConversionContext): Promise<Document> {
  // Parsed whole first: the page's nesting and size are checked before another parser sees it.
  let whole: Document | undefined = parseHtml(html, context.limits)
  if (context.options.mainContent === false) return whole
  const skipped = readerModeSkip(whole, html.length, context.limits)
  if (skipped === 'too-large')
    context.report.notKept(
      'reader-mode-skipped',
      () => "the page is too large for reader mode within the conversion's memory: it was converted whole",
    )
  if (skipped !== undefined) return whole
  // Reader mode's DOM is the largest thing a conversion of a page holds (ADR 102): the page's
  // tree goes first, and is parsed again only if the page has no article. Its libraries load
  // here, so a process that never meets an article does not carry them.
  whole = undefined
  const { mainContent, reportLeftOut } = await import('./main-content.js')
  const article = mainContent(html)
  if (article === undefined) return parseHtml(html, context.limits)
  const tree = parseHtml(article.html, context.limits)
  reportLeftOut(context.report, article.wordsLeftOut)
  if (article.title === undefined) return tree
  const said = titleHeading(tree, article.title)
  // Readability makes the article's <h1>s <h2>s: the one that is the title is the title again.
  if (said !== undefined) said.name = 'h1'
  else {
    const heading = element('h1', {}, [article.title])
    heading.parent = tree
    tree.children.unshift(heading)
  }
  return tree
}

/** The article's first- or second-level heading that says its title, if it has one. */
function titleHeading(tree: Document, title: string): Element | undefined {
  const wanted = title.replace(/\s+/g, ' ').trim().toLowerCase()
  const stack = [...tree.children].reverse()
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === undefined || typeof node === 'string') continue
    if ((node.name === 'h1' || node.name === 'h2') && textOf(node).replace(/\s+/g, ' ').trim().toLowerCase() === wanted)
      return node
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Node)
  }
  return undefined
}
