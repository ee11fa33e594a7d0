/**
 * The conversion child process (see converter-pool.ts): converts one document per call, in its
 * own heap. Progress percentages go back to the worker as events.
 */
import type { ConversionOptions } from '@draftsmith/db/schema'
import workerpool from 'workerpool'
import { convertDocument, type ConversionLimits, type ConversionResult } from './convert.js'
import { ConversionInputError } from './input-error.js'

/** A refusal crosses the process boundary as data: error classes do not survive serialization. */
export type ConvertOutcome = ({ ok: true } & ConversionResult) | { ok: false; reason: string }

async function convert(
  mime: string,
  bytes: Uint8Array,
  options: ConversionOptions = {},
  limits: ConversionLimits = {},
): Promise<ConvertOutcome> {
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
