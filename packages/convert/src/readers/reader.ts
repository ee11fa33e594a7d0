import type { ConversionContext } from '../context/context.js'
import type { Document } from '../tree/model.js'

/**
 * What a reader hands the writer: the document tree (tree/model.ts) — or, for a format that is
 * Markdown already, the Markdown itself, which no tree could hold more faithfully than as written.
 */
export type ReaderOutput = { tree: Document } | { markdown: string }

/**
 * One input format. A reader turns the document's bytes into the tree, reporting through the
 * context what it found and what it could not keep, putting pictures into `context.assets`,
 * staying within `context.limits`, and checking `context.signal` between pages or parts. It
 * throws {@link ConversionInputError} (errors.ts) for a document that cannot be read, with a
 * message for the person who gave it.
 */
export interface Reader {
  read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput>
}
