import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { ConversionInputError } from '../errors.js'

/**
 * The OCR languages whose data ships in npm (`@tesseract.js-data/<code>`, a dependency of this
 * package): nothing is downloaded at run time, so a language is offered only when its package
 * is installed with the engine. Adding one is a dependency in package.json and a line here.
 */
export const ocrLanguageNames = {
  eng: 'English',
  fra: 'French',
  deu: 'German',
  spa: 'Spanish',
} as const

export type OcrLanguage = keyof typeof ocrLanguageNames

/** English: what a conversion reads when nobody says otherwise. */
export const defaultOcrLanguages: readonly OcrLanguage[] = ['eng']

const isOcrLanguage = (code: string): code is OcrLanguage => code in ocrLanguageNames

const supported = () => Object.keys(ocrLanguageNames).join(', ')

/**
 * `eng+fra`, `eng,fra` or `eng fra` (tesseract's own spelling first) as a list of shipped
 * languages; throws {@link ConversionInputError} naming what is supported otherwise.
 */
export function parseOcrLanguages(value: string | readonly string[]): OcrLanguage[] {
  const codes = (typeof value === 'string' ? value.split(/[+,\s]+/) : value).map((code) => code.trim().toLowerCase())
  const wanted = [...new Set(codes.filter((code) => code !== ''))]
  if (wanted.length === 0) throw new ConversionInputError(`no OCR language given; shipped: ${supported()}`)
  const unknown = wanted.filter((code) => !isOcrLanguage(code))
  if (unknown.length > 0)
    throw new ConversionInputError(
      `OCR language ${unknown.join(', ')} is not shipped with draftsmith; shipped: ${supported()}`,
    )
  return wanted as OcrLanguage[]
}

const require = createRequire(import.meta.url)

/**
 * The folder holding `<code>.traineddata.gz` for a language: its npm package's integer-quantised
 * "best" LSTM model (`4.0.0_best_int`, what tesseract.js itself would download for the LSTM engine).
 */
export function languageDataPath(language: OcrLanguage): string {
  return join(dirname(require.resolve(`@tesseract.js-data/${language}/package.json`)), '4.0.0_best_int')
}
