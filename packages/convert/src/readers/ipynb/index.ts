import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import { MARKDOWN, type Element } from '../../tree/model.js'
import { readHtml } from '../html/index.js'
import { fencedBlock } from '../shared/fenced.js'
import { decodeText } from '../text/decode.js'
import type { Reader, ReaderOutput } from '../reader.js'

type Source = string | string[] | undefined
interface Output {
  output_type?: string
  text?: Source
  data?: Record<string, Source>
  ename?: string
  evalue?: string
  traceback?: string[]
}
interface Cell {
  cell_type?: string
  source?: Source
  outputs?: Output[]
}
interface Notebook {
  cells?: Cell[]
  metadata?: { title?: string; kernelspec?: { language?: string }; language_info?: { name?: string } }
}

const joined = (source: Source): string => (Array.isArray(source) ? source.join('') : (source ?? ''))
// eslint-disable-next-line no-control-regex -- terminal colours in tracebacks
const withoutAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
const pictures: Record<string, string> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
}

/**
 * Jupyter notebooks (nbformat 4): Markdown cells as they are, code cells fenced in the kernel's
 * language, their outputs after them — text (streams, results, errors without terminal colours)
 * fenced and bounded by `limits.notebookOutputMaxChars` each (the rest counted as
 * `notebook-output-truncated`), pictures (PNG, JPEG, GIF, SVG) as assets, HTML through the HTML
 * reader when there is no text. The title is the notebook's `metadata.title`; otherwise its first
 * Markdown heading already is.
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    let notebook: Notebook
    try {
      notebook = JSON.parse(decodeText(bytes)) as Notebook
    } catch (error) {
      throw new ConversionInputError(`the notebook cannot be read (${(error as Error).message})`)
    }
    if (!Array.isArray(notebook.cells)) throw new ConversionInputError('the notebook has no cells (nbformat 4 is read)')
    const language = notebook.metadata?.kernelspec?.language ?? notebook.metadata?.language_info?.name ?? ''
    const root = documentRoot()
    if (typeof notebook.metadata?.title === 'string' && notebook.metadata.title.trim() !== '')
      appendNode(root, element('h1', {}, [notebook.metadata.title.trim()]))
    for (const [i, cell] of notebook.cells.entries()) {
      if (i % 50 === 0) context.signal?.throwIfAborted()
      const source = joined(cell.source)
      if (cell.cell_type === 'markdown') {
        if (source.trim() !== '') appendNode(root, element(MARKDOWN, {}, [source]))
      } else if (cell.cell_type === 'code') {
        if (source.trim() !== '')
          appendNode(root, fencedBlock(source, language, Number.MAX_SAFE_INTEGER, context.report, '', ''))
        for (const output of cell.outputs ?? []) for (const node of outputNodes(output, context)) appendNode(root, node)
      } else if (source.trim() !== '')
        appendNode(
          root,
          fencedBlock(
            source,
            '',
            context.limits.notebookOutputMaxChars,
            context.report,
            'notebook-output-truncated',
            'raw cells',
          ),
        )
      context.progress(Math.round((80 * (i + 1)) / notebook.cells.length))
    }
    return { tree: root }
  },
}

function outputNodes(output: Output, context: ConversionContext): Element[] {
  const bounded = (text: string) =>
    fencedBlock(
      text.replace(/\n$/, ''),
      'text',
      context.limits.notebookOutputMaxChars,
      context.report,
      'notebook-output-truncated',
      'cell output',
    )
  if (output.output_type === 'stream') return [bounded(joined(output.text))]
  if (output.output_type === 'error')
    return [bounded(withoutAnsi((output.traceback ?? [`${output.ename}: ${output.evalue}`]).join('\n')))]
  const data = output.data ?? {}
  for (const [type, contentType] of Object.entries(pictures)) {
    const encoded = data[type]
    if (encoded === undefined) continue
    return [picture(Buffer.from(joined(encoded), 'base64'), contentType, context)]
  }
  if (data['image/svg+xml'] !== undefined)
    return [picture(Buffer.from(joined(data['image/svg+xml'])), 'image/svg+xml', context)]
  if (data['text/plain'] !== undefined && data['text/html'] === undefined) return [bounded(joined(data['text/plain']))]
  if (data['text/html'] !== undefined) {
    const tree = readHtml(joined(data['text/html']), {
      ...context,
      options: { ...context.options, mainContent: false },
    })
    return tree.children.filter((node): node is Element => typeof node !== 'string')
  }
  if (data['text/markdown'] !== undefined) return [element(MARKDOWN, {}, [joined(data['text/markdown'])])]
  if (data['text/plain'] !== undefined) return [bounded(joined(data['text/plain']))]
  if (Object.keys(data).length > 0)
    context.report.notKept(
      'notebook-output-dropped',
      (n) => `${plural(n, 'cell output')} of a kind Markdown cannot show left out`,
    )
  return []
}

function picture(bytes: Uint8Array, contentType: string, context: ConversionContext): Element {
  const asset = context.assets.add(bytes, contentType)
  if (asset === undefined) {
    context.report.notKept('image-over-limit', (n) => `${plural(n, 'picture')} past the conversion's bounds not kept`)
    return element('p', {}, [element('em', {}, ['(a picture past the bounds on pictures)'])])
  }
  return element('p', {}, [element('img', { src: context.assets.url(asset.name), alt: '' })])
}
