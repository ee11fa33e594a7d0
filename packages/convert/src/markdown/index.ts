import type { ConversionContext } from '../context/context.js'
import type { Document } from '../tree/model.js'
import { normalizeMarkdown } from './normalize.js'
import { MarkdownWriter } from './writer.js'

/** The document tree as GitHub-flavoured Markdown, normalized (normalize.ts). */
export function writeMarkdown(tree: Document, context: ConversionContext): string {
  return normalizeMarkdown(new MarkdownWriter(tree, context).document(tree))
}
