import { strToU8, zipSync } from 'fflate'

const container = `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`

/** An EPUB 3 whose spine lists `chapters` (name → XHTML body; `undefined`: listed but missing). */
export function epub(chapters: Record<string, string | undefined>, options: { opf?: string } = {}): Buffer {
  const names = Object.keys(chapters)
  const opf =
    options.opf ??
    `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title></metadata><manifest>${names.map((n, i) => `<item id="c${i}" href="${n}" media-type="application/xhtml+xml"/>`).join('')}</manifest><spine>${names.map((_, i) => `<itemref idref="c${i}"/>`).join('')}</spine></package>`
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(container),
    'OEBPS/book.opf': strToU8(opf),
  }
  for (const [name, body] of Object.entries(chapters))
    if (body !== undefined)
      files[`OEBPS/${name}`] = strToU8(
        `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>${body}</body></html>`,
      )
  return Buffer.from(zipSync(files))
}
