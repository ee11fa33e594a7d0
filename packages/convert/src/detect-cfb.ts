import CFB from 'cfb'

/**
 * Which legacy Office format a compound file (OLE2/CFB) holds, by its streams: DOC, XLS, PPT and
 * Outlook MSG share the container and differ only inside it. A name here that `formats.ts` does
 * not list is refused by detection like any unsupported format; `encrypted` is an OOXML document
 * saved with a password (its package is encrypted inside a compound file).
 */
export type CompoundKind = 'doc' | 'xls' | 'ppt' | 'msg' | 'encrypted' | 'unknown'

/** The kind of compound file `bytes` is; `unknown` when its directory cannot be read. */
export function compoundKind(bytes: Uint8Array): CompoundKind {
  let names: Set<string>
  try {
    const container = CFB.read(bytes, { type: 'buffer' })
    names = new Set(container.FileIndex.map((entry) => entry.name))
  } catch {
    return 'unknown'
  }
  if (names.has('WordDocument')) return 'doc'
  if (names.has('Workbook') || names.has('Book')) return 'xls'
  if (names.has('PowerPoint Document')) return 'ppt'
  if (names.has('__properties_version1.0')) return 'msg'
  if (names.has('EncryptedPackage')) return 'encrypted'
  return 'unknown'
}
