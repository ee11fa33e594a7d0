/**
 * `@draftsmith/convert`: documents to GitHub-flavoured Markdown.
 *
 * ```ts
 * import { convert } from '@draftsmith/convert'
 * const { markdown, assets, report } = await convert(await readFile('report.docx'))
 * ```
 */
export { convert, type ConversionResult, type ConvertOptions } from './convert.js'
export { detect, type Detection } from './detect.js'
export { ConversionInputError } from './errors.js'
export { documentTypes, formatOfMime, isDisplayableImage, type DocumentFormat } from './formats.js'
export { defaultLimits, type ConversionLimits } from './context/limits.js'
export { defaultOcrLanguages, ocrLanguageNames, parseOcrLanguages, type OcrLanguage } from './ocr/languages.js'
export type {
  ConversionAsset,
  ConversionReport,
  ConversionStats,
  DocumentOptions,
  ReportCounts,
  ReportNote,
} from './types.js'
export { engine, engineVersion } from './version.js'
