import { create } from 'content-disposition'

/** Characters no common file system takes in a name (Windows' set, which covers the others), and controls. */
// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u001f\u007f<>:"/\\|?*]+/g

/**
 * What a download made from `sourceName` is called, without its extension: the uploaded name
 * as the person wrote it — any script, `报告.docx` → `报告` — less its extension and the
 * characters a file system refuses, cut to a length every system accepts.
 */
export function downloadBase(sourceName: string): string {
  const base = sourceName
    .replace(/\.[^.]*$/, '')
    .replace(unsafe, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '')
  return [...base].slice(0, 120).join('') || 'document'
}

/**
 * `Content-Disposition: attachment` for `fileName`, per RFC 6266 (the `content-disposition`
 * package): `filename*` carries the name in UTF-8 for every browser of this decade, `filename` an
 * ASCII stand-in for the rest.
 */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\u0020-\u007e]/g, '_')
  return create(fileName, { fallback: ascii })
}
