import type { ConversionContext } from '../../context/context.js'
import { plural } from '../../context/report.js'
import { ConversionInputError } from '../../errors.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Document, Element } from '../../tree/model.js'
import { isElement } from '../../tree/query.js'
import type { Reader } from '../reader.js'
import { PackagePictures } from '../shared/package-pictures.js'
import { child, xmlText } from '../shared/xml-tree.js'
import { OdtBodyReader } from './body.js'
import { embeddedObject } from './objects.js'
import { readOdfPackage } from './package.js'
import { OdfStyles } from './styles.js'

const LABEL = 'ODT'

/**
 * OpenDocument text (LibreOffice Writer, Google Docs' `.odt`). The archive is inflated once
 * within the zip-bomb bounds (readers/shared/zip-archive.ts); content.xml and styles.xml are
 * parsed with htmlparser2 in XML mode (readers/shared/xml-tree.ts) and the body walked into the
 * document tree (body.ts), which the one writer writes. No library does this better in
 * JavaScript: the ODF readers on npm are text extractors (ADR 075). What is kept and reported:
 * docs/formats/odt.md.
 */
export const reader: Reader = {
  read: async (bytes, context) => ({ tree: await readOdt(bytes, context) }),
}

function readOdt(bytes: Uint8Array, context: ConversionContext): Promise<Document> {
  const format = { label: LABEL, remedy: 'save it again from LibreOffice or Word and re-upload' } as const
  return readOdfPackage(bytes, context, format, ({ archive, budget, part }) => {
    context.progress(20)
    context.signal?.throwIfAborted()
    const content = part('content.xml')
    const styles = new OdfStyles([part('styles.xml'), content])
    const text = child(child(child(content, 'office:document-content'), 'office:body'), 'office:text')
    if (text === undefined)
      throw new ConversionInputError(
        'the ODT file has no text body (content.xml holds no office:text); it may be a spreadsheet or a presentation saved as .odt',
      )
    context.progress(40)
    const body = new OdtBodyReader(styles, new PackagePictures(archive, context), context, (href) =>
      embeddedObject(archive, href, budget, LABEL),
    )
    const root = documentRoot()
    body.blocks(text, root)
    context.signal?.throwIfAborted()
    if (body.notes.length > 0) {
      const list = element('ol')
      for (const note of body.notes) {
        const item = element('li', { id: note.id, role: 'doc-footnote' })
        if (note.body !== undefined) body.blocks(note.body, item)
        appendNode(list, item)
      }
      appendNode(root, element('section', { role: 'doc-endnotes' }, [list]))
    }
    reportPageFurniture(part('styles.xml'), context)
    context.progress(70)
    return root
  })
}

/** Page headers and footers repeat on every page and are not the running text: left out, counted when they say something. */
function reportPageFurniture(styles: Element | undefined, context: ConversionContext): void {
  const stack: Element[] = styles === undefined ? [] : [styles]
  while (stack.length > 0) {
    const node = stack.pop() as Element
    for (const part of node.children) {
      if (!isElement(part)) continue
      if (/^style:(header|footer)(-left|-first)?$/.test(part.name)) {
        if (xmlText(part).trim() !== '')
          context.report.notKept(
            'page-header-footer-dropped',
            (n) =>
              `${plural(n, 'page header or footer', 'page headers and footers')} left out (they repeat on every page)`,
          )
      } else stack.push(part)
    }
  }
}
