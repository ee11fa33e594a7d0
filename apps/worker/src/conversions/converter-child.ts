/**
 * The conversion child process (see converter-pool.ts): converts one document per call, in its
 * own heap. Progress percentages go back to the worker as events, and first of all the process
 * id, so the worker can watch this process' memory from the outside.
 */
import type { ConversionOptions, ConversionReport } from '@draftsmith/db/schema'
import workerpool from 'workerpool'
import type { ConversionLimits } from './conversion-limits.js'
import { convertDocument, type ConversionResult } from './convert.js'
import { ConversionInputError } from './input-error.js'

/**
 * A refusal crosses the process boundary as data: error classes do not survive serialization.
 * Its report, when there is one, says what bound was met.
 */
export type ConvertOutcome =
  ({ ok: true } & ConversionResult) | { ok: false; reason: string; report?: ConversionReport }

/** What a conversion process tells the worker while it works: its pid, then progress in percent. */
export type ChildEvent = number | { pid: number }

async function convert(
  mime: string,
  bytes: Uint8Array,
  options: ConversionOptions = {},
  limits: Partial<ConversionLimits> = {},
): Promise<ConvertOutcome> {
  workerpool.workerEmit({ pid: process.pid } satisfies ChildEvent)
  try {
    const result = await convertDocument(mime, bytes, (percent) => workerpool.workerEmit(percent), options, limits)
    return { ok: true, ...result }
  } catch (error) {
    if (error instanceof ConversionInputError) return { ok: false, reason: error.message }
    if (error instanceof RangeError)
      return { ok: false, reason: 'the document is too deeply nested or too large to convert' }
    throw error
  }
}

workerpool.worker({ convert })
