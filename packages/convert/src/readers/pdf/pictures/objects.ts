import { PDFArray, PDFDict, PDFName, PDFNumber, PDFStream, type PDFObject } from '@cantoo/pdf-lib'

/** Reads a PDF's objects by reference: the scanned top-level objects (scan.ts) or the whole document (census.ts). */
export interface PdfObjects {
  /** The object a reference points at; anything else as it is. */
  resolve(object: PDFObject | undefined): PDFObject | undefined
}

/** The scan cannot resolve a reference (the object lives in an object stream): ask the whole document. */
export class MissingObject extends Error {}

export const pdfName = (key: string) => PDFName.of(key)

export function dictOf(objects: PdfObjects, object: PDFObject | undefined): PDFDict | undefined {
  const resolved = objects.resolve(object)
  if (resolved instanceof PDFDict) return resolved
  return resolved instanceof PDFStream ? resolved.dict : undefined
}

export function arrayOf(objects: PdfObjects, object: PDFObject | undefined): PDFObject[] {
  const resolved = objects.resolve(object)
  return resolved instanceof PDFArray ? resolved.asArray() : resolved === undefined ? [] : [resolved]
}

/** The first of `keys` that `dict` holds as a number, or 0. */
export function numberOf(objects: PdfObjects, dict: PDFDict | undefined, ...keys: string[]): number {
  for (const key of keys) {
    const value = objects.resolve(dict?.get(pdfName(key)))
    if (value instanceof PDFNumber) return value.asNumber()
  }
  return 0
}
