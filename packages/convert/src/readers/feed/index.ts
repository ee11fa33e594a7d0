import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement, toXml } from '../../tree/query.js'
import { readHtml } from '../html/index.js'
import { lowerHeadings } from '../shared/embedded.js'
import { child, childrenNamed, parseXml, xmlText, XmlBudget } from '../shared/xml-tree.js'
import { decodeText } from '../text/decode.js'
import type { Reader, ReaderOutput } from '../reader.js'

/** Items converted at most; the rest are counted. A feed holds tens. */
const MAX_ITEMS = 1000

interface Item {
  title: string
  link: string | undefined
  date: string | undefined
  /** HTML. */
  content: string | undefined
}

const text = (element: Element | undefined) =>
  element === undefined ? undefined : xmlText(element).trim() || undefined

/** An Atom text construct as HTML: `type="html"` is escaped HTML, `xhtml` is markup, `text` is text. */
function atomHtml(element: Element | undefined): string | undefined {
  if (element === undefined) return undefined
  const type = element.attribs.type ?? 'text'
  if (type === 'xhtml') return element.children.map((node) => (isElement(node) ? toXml(node) : node)).join('')
  const value = xmlText(element)
  return type === 'html'
    ? value
    : value
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/\n\s*\n/g, '<p>')
}

const atomLink = (entry: Element) => {
  const links = childrenNamed(entry, 'link')
  return (links.find((l) => (l.attribs.rel ?? 'alternate') === 'alternate') ?? links[0])?.attribs.href
}

/**
 * RSS (0.9x, 2.0, 1.0/RDF) and Atom feeds, parsed with the engine's bounded XML parser: the feed's
 * title and description, then each item as a section — its title (linked), its date and link, and
 * its content (`content:encoded`, `description`, Atom's `content`/`summary`) through the HTML
 * reader, whole, its headings under the item's.
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    const xml = parseXml(decodeText(bytes), 'the feed', new XmlBudget(context.limits), { label: 'feed' })
    const top = xml.children.find(isElement)
    if (top === undefined) throw new ConversionInputError('the feed has no content')
    const atom = top.name === 'feed'
    const channel = atom ? top : (child(top, 'channel') ?? top)
    const title = text(child(channel, 'title')) ?? 'Feed'
    const about = atom ? atomHtml(child(channel, 'subtitle')) : text(child(channel, 'description'))
    const entries = atom
      ? childrenNamed(top, 'entry')
      : [...childrenNamed(channel, 'item'), ...childrenNamed(top, 'item')]
    const items: Item[] = entries.map((entry) =>
      atom
        ? {
            title: text(child(entry, 'title')) ?? '(untitled)',
            link: atomLink(entry),
            date: text(child(entry, 'published')) ?? text(child(entry, 'updated')),
            content: atomHtml(child(entry, 'content')) ?? atomHtml(child(entry, 'summary')),
          }
        : {
            title: text(child(entry, 'title')) ?? '(untitled)',
            link: text(child(entry, 'link')) ?? text(child(entry, 'guid')),
            date: text(child(entry, 'pubDate')) ?? text(child(entry, 'dc:date')),
            content: text(child(entry, 'content:encoded')) ?? text(child(entry, 'description')),
          },
    )
    const root = documentRoot()
    appendNode(root, element('h1', {}, [title]))
    if (about !== undefined) for (const node of htmlNodes(about, context)) appendNode(root, node)
    if (items.length > MAX_ITEMS)
      context.report.notKept(
        'feed-items-over-limit',
        (n) => `${plural(n, 'item')} of the feed past ${MAX_ITEMS} left out`,
        items.length - MAX_ITEMS,
      )
    for (const item of items.slice(0, MAX_ITEMS)) {
      context.signal?.throwIfAborted()
      const section = element('section')
      appendNode(section, element('h2', {}, [item.link ? element('a', { href: item.link }, [item.title]) : item.title]))
      // The title links the item; its date under it.
      if (item.date) appendNode(section, element('p', {}, [element('em', {}, [item.date])]))
      if (item.content !== undefined) for (const node of htmlNodes(item.content, context)) appendNode(section, node)
      appendNode(root, section)
    }
    return { tree: root }
  },
}

/** HTML of a feed (an item's content) as nodes of the tree, its headings under the item's. */
function htmlNodes(html: string, context: ConversionContext): Node[] {
  const tree = readHtml(html, { ...context, options: { ...context.options, mainContent: false } })
  lowerHeadings(tree, 2)
  return tree.children
}
