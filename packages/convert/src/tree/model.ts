/**
 * The document tree: what every reader builds and the one Markdown writer (markdown/writer.ts)
 * writes. Like pandoc's AST between its readers and writers, or mammoth's document between its
 * reader and its HTML writer — here in HTML's vocabulary, because that is what HTML documents
 * already are (the HTML reader's parse *is* the tree, nothing is translated) and what the other
 * formats map onto without loss: the writer keeps as raw HTML what GitHub Markdown cannot say.
 *
 * Elements are plain objects of four fields and text is plain strings among their children:
 * nothing else (no comments, no positions, no sibling links) — about a third of a general-purpose
 * DOM's memory, which is what lets a 10 MiB page convert within a conversion's default heap.
 *
 * The vocabulary the writer understands (anything else is written as its content):
 * - blocks: `p`, `h1`–`h6`, `ul`/`ol`/`li` (`ol[start]`, `li[value]`), `dl`/`dt`/`dd`, `blockquote`,
 *   `pre` (`code.language-x` inside), `hr`, `table`/`thead`/`tbody`/`tr`/`th`/`td` (`colspan`,
 *   `rowspan`, `caption`), `div`/`section` and the other containers, `figure`;
 * - text-level: `strong`/`b`, `em`/`i`, `s`/`del`, `code`, `sub`/`sup`, `br`, `a[href]`,
 *   `img[src][alt]` (`src` an asset's URL from `context.assets.url`, or the document's own),
 *   `svg`, `math` (MathML), `span.math.inline|display` (LaTeX), `input[type=checkbox]` opening a
 *   list item (a task);
 * - notes: `a[href="#id"][role=doc-noteref]` referencing an element with that `id` inside a
 *   `section[role=doc-endnotes]` (or a `li[role=doc-footnote]`);
 * - {@link MARKDOWN}: a block of Markdown already written (a text or Markdown document inside a
 *   mail or an archive), written as it is.
 * - {@link PAGE}: where a page of a paged document (PDF) starts, written as `<!-- page N -->`
 *   when page markers are asked for. Its name cannot come from an HTML document's tags.
 */
export interface Element {
  /** Lower-cased tag name; `#document` for the root. */
  name: string
  attribs: Record<string, string>
  children: Node[]
  parent: Element | null
}

export type Node = Element | string
export type Document = Element

/** A page boundary (`number` attribute): see {@link Element}. */
export const PAGE = '#page'

/** A block of Markdown already written (its one text child): see {@link Element}. */
export const MARKDOWN = '#markdown'
