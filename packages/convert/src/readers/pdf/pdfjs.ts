import { getDocumentProxy, getResolvedPDFJS } from 'unpdf'

/**
 * pdf.js 6 transfers buffers with `ArrayBuffer.prototype.transferToFixedLength`, which Node 20
 * lacks: without it every page's operator list stops at its first font or picture, silently
 * (pdf.js ignores the error), and rulings, pictures and font names are lost. `structuredClone`
 * with a transfer list moves the memory the same way; a different length needs a copy.
 */
function polyfillTransfer(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & {
    transferToFixedLength?: (length?: number) => ArrayBuffer
    transfer?: (length?: number) => ArrayBuffer
  }
  if (typeof proto.transferToFixedLength === 'function') return
  const transfer = function (this: ArrayBuffer, length = this.byteLength): ArrayBuffer {
    // structuredClone with a transfer list moves the memory (no copy) and detaches the source, as the real method does.
    if (length === this.byteLength) return structuredClone(this, { transfer: [this] })
    const copy = new ArrayBuffer(length)
    new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)))
    return copy
  }
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    value: transfer,
    configurable: true,
    writable: true,
  })
  if (typeof proto.transfer !== 'function')
    Object.defineProperty(ArrayBuffer.prototype, 'transfer', { value: transfer, configurable: true, writable: true })
}

polyfillTransfer()

export type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>

export interface OpenPdfOptions {
  /** Pictures with more pixels than this are not decoded by pdf.js at all. */
  maxImagePixels: number
}

/**
 * Opens a PDF with what an untrusted upload needs: no system fonts, no
 * font faces (nothing is drawn), pictures bounded before they are decoded.
 */
export function openPdf(bytes: Uint8Array, options: OpenPdfOptions): Promise<PdfDocument> {
  // pdfjs refuses Buffers (and may detach what it gets): hand it a plain copy.
  return getDocumentProxy(Uint8Array.from(bytes), {
    verbosity: 0,
    useSystemFonts: false,
    disableFontFace: true,
    maxImageSize: options.maxImagePixels,
    stopAtErrors: false,
  })
}

/** pdf.js' operator codes (`OPS`), resolved once. */
export async function pdfOperators(): Promise<Record<string, number>> {
  return (await getResolvedPDFJS()).OPS as Record<string, number>
}
