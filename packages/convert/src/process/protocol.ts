import type { ConversionResult, ConvertOptions } from '../convert.js'
import type { ConversionReport } from '../types.js'

/** A conversion's result, or why the document could not be converted — as data, to cross a process boundary. */
export type ConversionOutcome =
  ({ ok: true } & ConversionResult) | { ok: false; reason: string; report?: ConversionReport }

/** What crosses to a conversion process: everything of {@link ConvertOptions} but its functions. */
export type ChildOptions = Omit<ConvertOptions, 'onProgress' | 'signal'>

export interface ChildRequest {
  id: number
  bytes: Uint8Array
  options: ChildOptions
}

/**
 * What a conversion process says: it is ready, it has a document (before any work on it), a
 * conversion's progress, its outcome, or a crash of ours.
 */
export type ChildMessage =
  | { ready: number }
  | { id: number; received: true }
  | { id: number; progress: number }
  | { id: number; outcome: ConversionOutcome }
  | { id: number; failure: string }
