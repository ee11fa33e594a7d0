import { AssetCollector } from './assets.js'
import { conversionLimits, type ConversionLimits } from './limits.js'
import { ConversionReporter } from './report.js'
import type { DocumentOptions } from '../types.js'
import type { Document } from '../tree/model.js'

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
  /** How many containers (mails, archives) the document being read is inside: 0 for what was given. @default 0 */
  nesting?: number
  /**
   * Reads a document found inside this one (a mail's attachment, an archive's member) with the
   * engine's readers, as `convert` would — detected from its bytes and name — sharing this
   * context's assets, report, limits and signal. `undefined` (a context made for a piece of a
   * document): nothing inside is converted. readers/shared/embedded.ts calls it within bounds.
   */
  embedded?: (bytes: Uint8Array, name: string, context: ConversionContext) => Promise<EmbeddedRead>
}

/** A document found inside another, read: its tree (or Markdown), or why it was not. */
export type EmbeddedRead =
  | { ok: true; format: string; tree: Document }
  | { ok: true; format: string; markdown: string }
  | { ok: false; reason: string }

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
