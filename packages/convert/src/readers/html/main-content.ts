import { isProbablyReaderable, Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import { plural, type ConversionReporter } from '../../context/report.js'

/** What reader mode made of a page: the article's HTML and title, and how many words it left out. */
export interface MainContent {
  html: string
  title: string | undefined
  wordsLeftOut: number
}

/**
 * Page furniture Readability's scoring does not know by name: Wikipedia's (and MediaWiki's) edit
 * links and navigation boxes, skip links, and what a page marks as hidden or not for print.
 */
const furniture = [
  '.mw-editsection',
  '.mw-jump-link',
  '.navbox',
  '.vertical-navbox',
  '.noprint',
  '.catlinks',
  '[role="navigation"]',
  '[hidden]',
  'nav',
  // Wikipedia's pictures of formulas whose MathML is kept beside them (the writer reads it).
  '.mwe-math-element .mwe-math-fallback-image-inline',
  '.mwe-math-element .mwe-math-fallback-image-display',
  // Readers' comments under a post (WordPress' and most blogs' markup).
  '#comments',
  '.comments-area',
  '#respond',
].join(',')

/** An article's text below this (Readability's own threshold) is no article. */
const MIN_ARTICLE_CHARS = 500

/** What this module uses of linkedom's elements (the package is compiled without the DOM's types). */
interface DomElement {
  parentElement: DomElement | null
  getAttribute(name: string): string | null
  removeAttribute(name: string): void
  remove(): void
}

/** Every element `selector` matches, as a list that stays put while they are removed. */
const all = (document: { querySelectorAll(selector: string): unknown }, selector: string): DomElement[] =>
  Array.from(document.querySelectorAll(selector) as ArrayLike<DomElement>)

/** Elements whose text is never the page's: not counted as words left out. */
const unread = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT'])

const wordCount = (text: string): number => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0

/** What the word count reads of linkedom's nodes (the package is compiled without the DOM's types). */
interface DomNode {
  nodeType: number
  nodeValue: string | null
  tagName?: string
  firstChild: DomNode | null
  nextSibling: DomNode | null
}

/** Words of a subtree as a reader sees them, without recursion (nesting is unbounded here). */
function visibleWords(root: DomNode): number {
  let words = 0
  const stack: DomNode[] = [root]
  while (stack.length > 0) {
    const node = stack.pop() as DomNode
    if (node.nodeType === 3) words += wordCount(node.nodeValue ?? '')
    else if (node.nodeType === 1 && unread.has(node.tagName ?? '')) continue
    else for (let child = node.firstChild; child !== null; child = child.nextSibling) stack.push(child)
  }
  return words
}

/**
 * The page's article, the way Firefox's reader view finds it: @mozilla/readability (ADR 085) over
 * linkedom's DOM. `undefined` when the page has no discernible article (Readability's own
 * `isProbablyReaderable` test, or a parse that finds none): the page is then converted whole.
 * Links and pictures keep their targets as written (Readability would make them absolute against
 * a base a saved page does not have), and classes are kept: the writer reads code languages,
 * equations and footnotes from them.
 */
export function mainContent(html: string): MainContent | undefined {
  const { document } = parseHTML(html)
  // linkedom leaves a page of unclosed tags without a root element, and its `body` getter throws then.
  if (document.documentElement === null || document.body === null) return undefined
  // Readability's quick test passes pages of long paragraphs. A page of short ones that marks
  // its main content (a search engine's results: paragraphs inside list items, in <main>) is
  // tried too, and kept only if most of it is that article; any other page converts whole.
  const readerable = isProbablyReaderable(document)
  if (!readerable && document.querySelector('main, [role="main"], article') === null) return undefined
  const before = visibleWords(document.body as unknown as DomNode)
  for (const element of all(document, furniture)) element.remove()
  // Wikipedia hides its MathML for screen readers (`display: none`) beside a picture of the
  // formula: Readability drops what is hidden, the writer reads the MathML.
  for (const math of all(document, 'math'))
    for (let node = math.parentElement; node !== null; node = node.parentElement)
      if (/display\s*:\s*none/i.test(node.getAttribute('style') ?? '')) node.removeAttribute('style')
  const reader = new Readability(document, { keepClasses: true })
  // Relative targets stay as the page wrote them (issue 21): the page's own base is unknown.
  ;(reader as unknown as { _fixRelativeUris: () => void })._fixRelativeUris = () => {}
  let article: ReturnType<typeof reader.parse>
  try {
    article = reader.parse()
  } catch {
    // Readability's walk assumes a DOM shape some pages do not have (a candidate without a
    // <body> above it): such a page converts whole.
    return undefined
  }
  if (article === null || typeof article.content !== 'string' || article.content.trim() === '') return undefined
  const kept = wordCount(article.textContent ?? '')
  if (!readerable && ((article.textContent ?? '').trim().length < MIN_ARTICLE_CHARS || kept * 2 < before))
    return undefined
  return {
    html: article.content,
    title: article.title?.trim() || undefined,
    wordsLeftOut: Math.max(0, before - kept),
  }
}

/** Counts what reader mode left out of the page, in words. */
export function reportLeftOut(report: ConversionReporter, words: number): void {
  if (words === 0) return
  report.notKept(
    'page-furniture-left-out',
    (n) =>
      `${plural(n, 'word')} of the page around its article (navigation, sidebars, language lists, banners, footers) left out`,
    words,
  )
}
