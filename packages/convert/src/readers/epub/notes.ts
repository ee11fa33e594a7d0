import { appendNode, element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import { classesOf, isElement } from '../../tree/query.js'
import type { BookLink } from './links.js'

/** EPUB 3's structural semantics (`epub:type`, a list of words), and the DPUB-ARIA roles pandoc writes too. */
const types = (node: Element): string[] => (node.attribs['epub:type'] ?? '').split(/\s+/)
const noteTypes = new Set(['footnote', 'endnote', 'rearnote', 'note'])
const containerTypes = new Set(['footnotes', 'endnotes', 'rearnotes'])
const noteRoles = new Set(['doc-footnote', 'doc-endnote'])
const containerRoles = new Set(['doc-footnotes', 'doc-endnotes'])
/** A reference may point at an anchor inside its note (`<p><a id="n1"/>1. …</p>`): the note is the block around it. */
const inline = new Set(['a', 'span', 'sup', 'sub', 'b', 'i', 'em', 'strong', 'small'])

export const isNoteReference = (link: Element): boolean =>
  types(link).includes('noteref') || link.attribs.role === 'doc-noteref' || classesOf(link).includes('footnote-ref')

/**
 * The book's notes, collected while its chapters are adopted and made the tree's notes once every
 * chapter is in (a reference may point at a notes chapter read later): a reference becomes
 * `a[role=doc-noteref]` pointing at its note under an id unique in the book (every chapter may
 * have its own `#fn1`), a link in a note back to its reference becomes the note's backlink (the
 * Markdown footnote has its own), note sections are marked `doc-endnotes` so the writer leaves
 * them out of the running text, and a note standing in the text (`<aside epub:type="footnote">`)
 * moves to one notes section at the end. The writer then writes `[^1]` and `[^1]: …`.
 */
export class BookNotes {
  readonly references: BookLink[] = []
  private readonly notes = new Set<Element>()
  private readonly ids = new Map<Element, string>()

  /** Marks what `node` is, if it is a note or a section of notes, as its chapter is adopted. */
  see(node: Element): void {
    const words = types(node)
    if (words.some((word) => containerTypes.has(word)) && !containerRoles.has(node.attribs.role ?? ''))
      node.attribs = { ...node.attribs, role: 'doc-endnotes' }
    else if (words.some((word) => noteTypes.has(word)) || noteRoles.has(node.attribs.role ?? '')) this.notes.add(node)
  }

  /**
   * Points every reference at its note and every backlink at nothing, gathers the notes that
   * stand in the text at the end of `root`, and returns the links left for resolveBookLinks:
   * `links`, and the references whose note the book lacks.
   */
  resolve(root: Element, targets: Map<string, Element>, links: BookLink[]): BookLink[] {
    const left: BookLink[] = []
    const referring = new Set<Element>()
    for (const reference of this.references) {
      let note = reference.target.includes('#') ? targets.get(reference.target) : undefined
      while (note !== undefined && inline.has(note.name) && isElement(note.parent)) note = note.parent
      if (note === undefined || note === root) {
        left.push(reference)
        continue
      }
      this.notes.add(note)
      referring.add(reference.link)
      reference.link.attribs = { ...reference.link.attribs, href: `#${this.idOf(note)}`, role: 'doc-noteref' }
    }
    for (const link of links) {
      const target = targets.get(link.target)
      const back =
        target !== undefined &&
        (referring.has(target) || target.children.some((child) => isElement(child) && referring.has(child)))
      if (back) link.link.attribs = { ...link.link.attribs, role: 'doc-backlink' }
      else left.push(link)
    }
    const standing = element('section', { role: 'doc-endnotes' })
    for (const note of this.notes) {
      this.idOf(note)
      if (!insideNotes(note)) {
        const siblings = note.parent?.children
        siblings?.splice(siblings.indexOf(note), 1)
        appendNode(standing, note)
      }
    }
    if (standing.children.length > 0) appendNode(root, standing)
    return left
  }

  /** The note's id in the one document, given once; its role makes it a note wherever it stands. */
  private idOf(note: Element): string {
    let id = this.ids.get(note)
    if (id === undefined) {
      id = `epub-note-${this.ids.size + 1}`
      this.ids.set(note, id)
      const role = note.attribs.role ?? ''
      note.attribs = { ...note.attribs, id, role: noteRoles.has(role) ? role : 'doc-footnote' }
    }
    return id
  }
}

function insideNotes(note: Element): boolean {
  for (let parent = note.parent; parent !== null; parent = parent.parent)
    if (containerRoles.has(parent.attribs.role ?? '') || classesOf(parent).includes('footnotes')) return true
  return false
}
