import type { ConversionContext } from '../../context/context.js'
import { appendNode, element } from '../../tree/build.js'
import type { Element, Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import type { PackagePictures } from '../shared/package-pictures.js'
import type { BookLink } from './links.js'
import { isNoteReference, type BookNotes } from './notes.js'
import { folderOf, resolvePath } from './package.js'

const scheme = /^[a-z][a-z0-9+.-]*:/i

/** The first `<body>` of a parsed page, or the page itself when it has none. */
function bodyOf(page: Element): Element {
  const stack: Node[] = [page]
  while (stack.length > 0) {
    const node = stack.pop() as Node
    if (!isElement(node)) continue
    if (node.name === 'body') return node
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Node)
  }
  return page
}

/**
 * One chapter (a spine document, parsed by the HTML reader's parser) made part of the book: its
 * body's content in a `section` of its own; its pictures, which name files of the book, as
 * assets; `<svg>` covers that only frame a picture, as that picture; its ids recorded as link
 * targets, and its links into the book collected for {@link resolveBookLinks}.
 */
export function adoptChapter(
  page: Element,
  path: string,
  book: {
    pictures: PackagePictures
    context: ConversionContext
    targets: Map<string, Element>
    links: BookLink[]
    notes: BookNotes
  },
): Element {
  const section = element('section')
  const body = bodyOf(page)
  for (const node of body.children) appendNode(section, node)
  body.children = []
  book.targets.set(path, section)
  const dir = folderOf(path)
  const stack: Element[] = [section]
  while (stack.length > 0) {
    const current = stack.pop() as Element
    const children = current.children
    for (let i = 0; i < children.length; i++) {
      const node = children[i] as Node
      if (!isElement(node)) continue
      const id = node.attribs.id
      if (id !== undefined && id !== '') book.targets.set(`${path}#${id}`, node)
      book.notes.see(node)
      if (node.name === 'img' || (node.name === 'svg' && framesOnePicture(node))) {
        const replacement = picture(node, dir, book)
        if (replacement === undefined) children.splice(i--, 1)
        else {
          children[i] = replacement
          if (isElement(replacement)) replacement.parent = current
        }
        continue
      }
      if (node.name === 'a') link(node, path, dir, book)
      stack.push(node)
    }
  }
  return section
}

function framesOnePicture(svg: Element): boolean {
  const images = svg.children.filter((c): c is Element => isElement(c) && c.name === 'image')
  return images.length === 1
}

function picture(node: Element, dir: string, book: { pictures: PackagePictures }): Node | undefined {
  const source =
    node.name === 'img'
      ? node.attribs.src
      : (() => {
          const image = node.children.find((c): c is Element => isElement(c) && c.name === 'image')
          return image?.attribs['xlink:href'] ?? image?.attribs.href
        })()
  const alt = node.attribs.alt ?? node.attribs['aria-label'] ?? ''
  if (source === undefined || source.trim() === '') return undefined
  if (scheme.test(source) || source.startsWith('//')) return element('img', { src: source, alt })
  return book.pictures.picture({ target: resolvePath(dir, source.split('#')[0] as string), external: false }, alt)
}

function link(node: Element, path: string, dir: string, book: { links: BookLink[]; notes: BookNotes }): void {
  const href = node.attribs.href
  if (href === undefined || scheme.test(href) || href.startsWith('//')) return
  const [file, fragment] = href.split('#', 2) as [string, string | undefined]
  const target = file === '' ? path : resolvePath(dir, file)
  // A file of the book that is not a chapter (a stylesheet, a picture) is no target: resolveBookLinks keeps the text.
  const resolved = { link: node, target: fragment === undefined || fragment === '' ? target : `${target}#${fragment}` }
  if (isNoteReference(node)) book.notes.references.push(resolved)
  else book.links.push(resolved)
}
