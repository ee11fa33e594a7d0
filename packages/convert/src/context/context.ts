import { AssetCollector } from './assets.js'
import { conversionLimits, type ConversionLimits } from './limits.js'
import { ConversionReporter } from './report.js'
import type { DocumentOptions } from '../types.js'

/** What every reader is handed besides the document's bytes. */
export interface ConversionContext {
  /** 0–100; readers report as they go (the worker writes it to the row at most twice a second). */
  progress: (percent: number) => void
  /** Pictures extracted from the document; the tree points at them through `assets.url(name)`. */
  assets: AssetCollector
  /** What was found, and what could not be kept. */
  report: ConversionReporter
  /** Bounds on what the document may make the conversion decode, hold and store. */
  limits: ConversionLimits
  /** How the document is to be converted (page markers…). */
  options: DocumentOptions
  /** Fires when the caller gives up: readers check it between pages and parts. */
  signal: AbortSignal | undefined
}

/** A context with the defaults, for tests and for callers that convert pieces (a DOCX body's HTML). */
export function defaultContext(overrides: Partial<ConversionContext> = {}): ConversionContext {
  return {
    progress: () => {},
    assets: new AssetCollector(),
    report: new ConversionReporter(),
    limits: conversionLimits(),
    options: {},
    signal: undefined,
    ...overrides,
  }
}
