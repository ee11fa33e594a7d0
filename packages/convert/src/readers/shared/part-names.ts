/**
 * Names of parts inside an Office Open XML package (DOCX, XLSX, PPTX): relationships point from
 * one part to another by a path relative to the first part's folder.
 */

/** The folder a part is in: `word/document.xml` → `word`, `[Content_Types].xml` → ``. */
export const directoryOf = (part: string): string => (part.includes('/') ? part.slice(0, part.lastIndexOf('/')) : '')

/** Where `target` points from a part in `directory`: `../media/a.png` from `word/` is `media/a.png`. */
export function resolvePart(directory: string, target: string): string {
  const segments = target.startsWith('/') ? [] : directory.split('/').filter(Boolean)
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  return segments.join('/')
}
