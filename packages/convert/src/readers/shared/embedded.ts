import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, element } from '../../tree/build.js'
import { MARKDOWN, type Element, type Node } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import { lowerMarkdownHeadings } from './markdown-headings.js'

/** A document found inside another: a mail's attachment, an archive's member. */
export interface EmbeddedFile {
  /** Its file name (an archive member's path): detection reads its extension beside its bytes. */
  name: string
  bytes: Uint8Array
}

/** Documents converted so far in one conversion, at every level (its report is one object throughout). */
const converted = new WeakMap<object, number>()

/** Why documents were not converted, the first few of a conversion: the report names them (a mail lists them only). */
const reasons = new WeakMap<object, string[]>()
const REASONS_NAMED = 3

/** `report.pdf: the PDF could not be opened (…)`: detection's reasons start with the name, the bounds' do not. */
function reason(name: string, why: string): string {
  const own = why.replace(/^the document /, '').split('; supported:')[0] as string
  return `${name}: ${own.startsWith(`${name} is `) ? own.slice(name.length + 4) : own}`
}

/** A file name's safe characters, for the names of the pictures a member brings (`report-docx-`). */
const assetPrefix = (name: string) =>
  `${(name.split('/').pop() ?? name)
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\./g, '-')
    .slice(0, 60)}-`

/**
 * Converts `file` with the engine's readers (through `context.embedded`) and appends what it
 * says to `parent`, its headings moved `headingOffset` levels down so they sit under the heading
 * the caller gave it. Within bounds: nesting ({@link ConversionLimits.embeddedMaxDepth}), size
 * and count; what is not converted — too deep, too large, one too many, a format the engine does
 * not read, a damaged file — is said in the tree in a line and counted in the report. Returns
 * whether it was converted.
 */
export async function appendEmbedded(
  parent: Element,
  file: EmbeddedFile,
  context: ConversionContext,
  headingOffset: number,
): Promise<boolean> {
  context.signal?.throwIfAborted()
  const { limits, report } = context
  const nesting = (context.nesting ?? 0) + 1
  const count = converted.get(report) ?? 0
  const why =
    context.embedded === undefined
      ? 'documents inside this one are not converted here'
      : nesting > limits.embeddedMaxDepth
        ? `it is nested more than ${limits.embeddedMaxDepth} levels deep`
        : file.bytes.byteLength > limits.embeddedMaxBytes
          ? `it is larger than ${Math.round(limits.embeddedMaxBytes / 1048576)} MB`
          : count >= limits.embeddedMaxCount
            ? `more than ${limits.embeddedMaxCount} documents inside this one were converted already`
            : undefined
  if (why !== undefined || context.embedded === undefined) return skipped(parent, file, context, why ?? '')
  converted.set(report, count + 1)
  // What a document inside says about itself is not its container's metadata.
  const about = report.documentMetadata as Record<string, unknown>
  const ownFields = new Set(Object.keys(about))
  const previousPrefix = context.assets.namePrefix
  context.assets.namePrefix = `${previousPrefix}${assetPrefix(file.name)}`
  try {
    const read = await context.embedded(file.bytes, file.name, { ...context, nesting })
    if (!read.ok) return skipped(parent, file, context, read.reason)
    const tree = 'markdown' in read ? element('#document', {}, [element(MARKDOWN, {}, [read.markdown])]) : read.tree
    lowerHeadings(tree, headingOffset)
    for (const child of tree.children) appendNode(parent, child)
    return true
  } catch (error) {
    // A damaged or hostile document inside is that document's problem, not its container's.
    if (error instanceof ConversionInputError || error instanceof RangeError)
      return skipped(
        parent,
        file,
        context,
        error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message,
      )
    throw error
  } finally {
    context.assets.namePrefix = previousPrefix
    for (const field of Object.keys(about)) if (!ownFields.has(field)) delete about[field]
  }
}

function skipped(parent: Element, file: EmbeddedFile, context: ConversionContext, why: string): false {
  const named = reasons.get(context.report) ?? []
  reasons.set(context.report, named)
  if (named.length < REASONS_NAMED) named.push(reason(file.name, why))
  // The first call's wording is the one kept: it reads `named`, which later calls fill.
  context.report.notKept(
    'embedded-not-converted',
    (n) =>
      `${plural(n, 'attached or archived document')} listed but not converted (${named.join('; ')}${n > named.length ? `; ${n - named.length} more` : ''})`,
  )
  appendNode(parent, element('p', {}, [element('em', {}, [`Not converted: ${why.replace(/^the document /, '')}.`])]))
  return false
}

/**
 * Moves every heading of a tree `offset` levels down (an `h5` under two levels is an `h6`, as deep
 * as Markdown goes), those of the Markdown already written in it (a Markdown member of a zip in
 * this zip) too.
 */
export function lowerHeadings(root: Element, offset: number): void {
  if (offset <= 0) return
  const stack: Node[] = [...root.children]
  while (stack.length > 0) {
    const node = stack.pop()
    if (!isElement(node)) continue
    const level = /^h([1-6])$/.exec(node.name)
    if (level) node.name = `h${Math.min(6, Number(level[1]) + offset)}`
    if (node.name === MARKDOWN)
      node.children = node.children.map((text) =>
        typeof text === 'string' ? lowerMarkdownHeadings(text, offset) : text,
      )
    else for (const child of node.children) stack.push(child)
  }
}
