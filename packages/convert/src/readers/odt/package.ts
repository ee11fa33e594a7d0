import type { ConversionContext } from '../../context/context.js'
import type { Element } from '../../tree/model.js'
import { XmlBudget } from '../shared/xml-tree.js'
import { readZipArchive, type ZipArchive } from '../shared/zip-archive.js'
import { odfMetadata } from './meta.js'
import { parseOdfPart } from './xml.js'
import { unreadable } from '../shared/unreadable.js'

/** An OpenDocument package inflated within the zip bounds, its XML parts parsed under one element budget. */
export interface OdfPackage {
  archive: ZipArchive
  budget: XmlBudget
  /** A part parsed with the readers' prefixes (`content.xml`, `styles.xml`…); undefined when absent. */
  part(name: string): Element | undefined
}

const kinds = { ODT: 'text', ODS: 'spreadsheet', ODP: 'presentation' } as const

/** How an OpenDocument reader names its format, and what to tell the person whose file will not read. */
export interface OdfFormat {
  label: keyof typeof kinds
  /** `save it again from LibreOffice Calc or Excel and re-upload`. @default 'save it again and re-upload' */
  remedy?: string
}

/**
 * Opens the package and runs a reader's walk over it, so an error neither the zip bounds nor the
 * walk foresaw (a RangeError: a stack overflow or an allocation the document forced — its
 * structure, not our state) reaches the person as the file that could not be read, with what to
 * do, rather than as an engine fault the worker would retry. Input errors and a cancelled
 * conversion pass through as they are.
 */
export async function readOdfPackage<T>(
  bytes: Uint8Array,
  context: ConversionContext,
  format: OdfFormat,
  walk: (odf: OdfPackage) => T | Promise<T>,
): Promise<T> {
  try {
    return await walk(await openOdfPackage(bytes, context, format))
  } catch (error) {
    throw unreadable(error, { label: format.label, remedy: format.remedy ?? 'save it again and re-upload' }, context)
  }
}

/**
 * Opens an ODT, ODS or ODP file the one way all three need: a zip without `content.xml` is
 * refused as another kind of archive, every part counts against the same element budget, and
 * what `meta.xml` says of the document goes into the report.
 */
async function openOdfPackage(bytes: Uint8Array, context: ConversionContext, format: OdfFormat): Promise<OdfPackage> {
  const { label } = format
  const archive = await readZipArchive(bytes, {
    label,
    ...(format.remedy === undefined ? {} : { remedy: format.remedy }),
    notThisFormat: (names) =>
      names.includes('content.xml')
        ? undefined
        : `the file is a zip archive but not an OpenDocument ${kinds[label]} (no content.xml)`,
  })
  const budget = new XmlBudget(context.limits)
  const part = (name: string) => {
    const xml = archive.text(name)
    return xml === undefined ? undefined : parseOdfPart(xml, name, budget, label)
  }
  context.report.metadata(odfMetadata(part('meta.xml')))
  return { archive, budget, part }
}
