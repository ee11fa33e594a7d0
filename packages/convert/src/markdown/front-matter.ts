import { stringify } from 'yaml'
import type { DocumentMetadata } from '../types.js'

/** The order people read a document's card in. */
const order: Array<keyof DocumentMetadata> = [
  'title',
  'authors',
  'subject',
  'description',
  'keywords',
  'created',
  'modified',
  'language',
]

/**
 * The Markdown with the document's metadata as YAML front matter on top (`---` … `---`, as
 * pandoc, Jekyll, Hugo and Obsidian read it); the Markdown alone when the document says nothing
 * about itself. Values are quoted by the `yaml` library wherever YAML would misread them (a
 * title with a colon, a date that must stay a string).
 */
export function withFrontMatter(markdown: string, metadata: DocumentMetadata | undefined): string {
  if (metadata === undefined) return markdown
  const fields: Record<string, unknown> = {}
  for (const key of order) if (metadata[key] !== undefined) fields[key] = metadata[key]
  if (Object.keys(fields).length === 0) return markdown
  const yaml = stringify(fields, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })
  return `---\n${yaml}---\n\n${markdown}`
}
