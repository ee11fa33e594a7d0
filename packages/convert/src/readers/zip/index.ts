import type { ConversionContext } from '../../context/context.js'
import { appendNode, documentRoot, element } from '../../tree/build.js'
import type { Reader, ReaderOutput } from '../reader.js'
import { appendEmbedded } from '../shared/embedded.js'
import { ZipPackage } from '../shared/zip.js'

/** Members that are the archiver's, not the person's: macOS resource forks, Finder and Windows files. */
const housekeeping = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i

/**
 * A zip archive of documents: each member converted, in name order, under a heading of its own
 * (`## path/in/archive.docx`), by the engine's readers through `context.embedded` (whatever
 * formats the registry lists), its pictures named after it. The shared zip package
 * (readers/shared/zip.ts) checks the central directory first — declared sizes, overlapping
 * entries, member count — and counts every byte actually inflated, member by member, so one
 * member is held at a time; readers/shared/embedded.ts bounds nesting (a zip in a zip converts,
 * a level deeper is listed), member size and count. Members that are not converted are listed
 * in place and counted in the report.
 */
export const reader: Reader = {
  async read(bytes: Uint8Array, context: ConversionContext): Promise<ReaderOutput> {
    const zip = await ZipPackage.open(bytes, { label: 'zip' })
    const root = documentRoot()
    try {
      const names = zip
        .names()
        .filter((name) => !name.endsWith('/') && !housekeeping.test(name))
        .sort((a, b) => a.localeCompare(b, 'en'))
      if (names.length === 0) appendNode(root, element('p', {}, [element('em', {}, ['The archive holds no files.'])]))
      for (const [i, name] of names.entries()) {
        context.signal?.throwIfAborted()
        const section = element('section')
        appendNode(section, element('h2', {}, [name]))
        const member = await zip.read(name)
        if (member !== undefined) await appendEmbedded(section, { name, bytes: member }, context, 2)
        appendNode(root, section)
        context.progress(Math.round((90 * (i + 1)) / names.length))
      }
    } finally {
      zip.close()
    }
    return { tree: root }
  },
}
