import type { DocumentFormat } from './formats.js'

/** Structured text: JSON (a notebook first), XML (a feed first). */
export type StructuredFormat = Extract<DocumentFormat, 'json' | 'ipynb' | 'xml' | 'feed'>

/**
 * JSON up to this size is parsed to be told apart; a larger one by its first MB (a notebook names
 * `nbformat` and `cells`), so that detecting a 50 MB notebook does not parse it twice.
 */
const PARSE_MAX_CHARS = 1024 * 1024

/**
 * What structured format a text is, from its content: JSON that parses (a Jupyter notebook when it
 * has `cells` and `nbformat`), XML that starts with a declaration or a root element that is not
 * HTML (an RSS or Atom feed by its root: `rss`, Atom's `feed`, RSS 1.0's `rdf:RDF`). `undefined`
 * for anything else.
 */
export function structuredFormatOf(text: string): StructuredFormat | undefined {
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (head.startsWith('{') || head.startsWith('[')) {
    if (text.length > PARSE_MAX_CHARS)
      return /"nbformat"\s*:/.test(text.slice(0, 1 << 20)) && /"cells"\s*:/.test(text.slice(0, 1 << 20))
        ? 'ipynb'
        : 'json'
    try {
      const value: unknown = JSON.parse(text)
      if (typeof value === 'object' && value !== null && 'cells' in value && 'nbformat' in value) return 'ipynb'
      return 'json'
    } catch {
      return undefined
    }
  }
  if (!head.startsWith('<')) return undefined
  // The first element's name, past the declaration, comments and a doctype.
  const root = /^(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w:.-]*)/.exec(head)?.[1]
  if (root === undefined) return undefined
  const name = root.toLowerCase()
  if (name === 'html') return undefined
  if (
    name === 'rss' ||
    name === 'rdf:rdf' ||
    (name === 'feed' && /xmlns\s*=\s*["']http:\/\/www\.w3\.org\/2005\/Atom/.test(head))
  )
    return 'feed'
  return head.startsWith('<?xml') || /xmlns/.test(head) ? 'xml' : undefined
}
