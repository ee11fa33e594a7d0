import type { ConversionContext } from '../../context/context.js'
import type { Element } from '../../tree/model.js'
import { XmlBudget } from '../shared/xml-tree.js'
import { readZipArchive, type ZipArchive } from '../shared/zip-archive.js'
import { odfMetadata } from './meta.js'
import { parseOdfPart } from './xml.js'

/** An OpenDocument package inflated within the zip bounds, its XML parts parsed under one element budget. */
export interface OdfPackage {
  archive: ZipArchive
  budget: XmlBudget
  /** A part parsed with the readers' prefixes (`content.xml`, `styles.xml`…); undefined when absent. */
  part(name: string): Element | undefined
}

const kinds = { ODT: 'text', ODS: 'spreadsheet', ODP: 'presentation' } as const

/**
 * Opens an ODT, ODS or ODP file the one way all three need: a zip without `content.xml` is
 * refused as another kind of archive, every part counts against the same element budget, and
 * what `meta.xml` says of the document goes into the report.
 */
export async function openOdfPackage(
  bytes: Uint8Array,
  context: ConversionContext,
  format: { label: keyof typeof kinds; remedy?: string },
): Promise<OdfPackage> {
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
