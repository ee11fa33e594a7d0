import type { Document, Element } from '../tree/model.js'
import { classesOf, isElement } from '../tree/query.js'

const noteRoles = new Set(['doc-footnote', 'doc-endnote'])
const containerRoles = new Set(['doc-endnotes', 'doc-footnotes'])

/** pandoc's `section.footnotes` and DPUB-ARIA's roles mark where the notes are. */
function isNotesContainer(element: Element): boolean {
  if (containerRoles.has(element.attribs.role ?? '')) return true
  return (
    (element.name === 'section' || element.name === 'div' || element.name === 'aside') &&
    classesOf(element).includes('footnotes')
  )
}

/** A link back from a note to where it is referenced: the Markdown footnote has its own. */
export function isBacklink(element: Element): boolean {
  return (
    element.name === 'a' && (element.attribs.role === 'doc-backlink' || classesOf(element).includes('footnote-back'))
  )
}

/**
 * The page's footnotes: references become `[^1]`, numbered in order of first reference, and the
 * notes are written once, at the end, as `[^1]: text`. Notes nobody references are kept too.
 */
export class Footnotes {
  private readonly byId = new Map<string, Element>()
  private readonly containers: Element[] = []
  private readonly numbers = new Map<Element, number>()

  constructor(document: Document) {
    const stack: Element[] = document.children.filter(isElement)
    while (stack.length > 0) {
      const element = stack.pop() as Element
      const id = element.attribs.id
      if (id !== undefined && !this.byId.has(id)) this.byId.set(id, element)
      if (isNotesContainer(element)) this.containers.push(element)
      for (const child of element.children) if (isElement(child)) stack.push(child)
    }
  }

  /** The notes' own section, left out of the running text. */
  isContainer(element: Element): boolean {
    return this.containers.length > 0 && isNotesContainer(element)
  }

  /** The note a link refers to, if it is a footnote reference. */
  noteOf(link: Element): Element | undefined {
    const href = link.attribs.href ?? ''
    if (!href.startsWith('#')) return undefined
    const target = this.byId.get(decodeURIComponentSafe(href.slice(1)))
    if (target === undefined) return undefined
    if (noteRoles.has(target.attribs.role ?? '')) return target
    const declared = link.attribs.role === 'doc-noteref' || classesOf(link).includes('footnote-ref')
    // Ancestors are bounded by the document's depth.
    for (let parent = target.parent; parent !== null && isElement(parent); parent = parent.parent)
      if (isNotesContainer(parent)) return target
    return declared && this.containers.length === 0 ? target : undefined
  }

  /** The note's number, given on its first reference. */
  numberOf(note: Element): number {
    let number = this.numbers.get(note)
    if (number === undefined) {
      number = this.numbers.size + 1
      this.numbers.set(note, number)
    }
    return number
  }

  /** Notes in the notes' sections that were never referenced, numbered after the others. */
  unreferenced(): Element[] {
    const notes: Element[] = []
    for (const container of this.containers) {
      const stack = [container]
      while (stack.length > 0) {
        const element = stack.pop() as Element
        if (
          element !== container &&
          element.attribs.id !== undefined &&
          (element.name === 'li' || noteRoles.has(element.attribs.role ?? ''))
        ) {
          if (!this.numbers.has(element)) notes.push(element)
          continue
        }
        for (let i = element.children.length - 1; i >= 0; i--) {
          const child = element.children[i]
          if (isElement(child)) stack.push(child)
        }
      }
    }
    return notes
  }

  /** Every note with its number, in number order. */
  get numbered(): Array<[Element, number]> {
    return [...this.numbers].sort((a, b) => a[1] - b[1])
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
