/**
 * The conversion child process (see converter-pool.ts): converts one document per call, in its
 * own heap, with the engine alone — no queue, database or web code is loaded here. Progress
 * percentages go back to the worker as events, and first of all the process id, so the worker
 * can watch this process' memory from the outside.
 */
import {
  convert,
  ConversionInputError,
  formatOfMime,
  type ConversionLimits,
  type DocumentOptions,
} from '@draftsmith/convert'
import type { ConversionOutcome } from '@draftsmith/convert/process'
import workerpool from 'workerpool'

export type ConvertOutcome = ConversionOutcome

/** What a conversion process tells the worker while it works: its pid, then progress in percent. */
export type ChildEvent = number | { pid: number }

async function convertInChild(
  mime: string,
  bytes: Uint8Array,
  options: DocumentOptions = {},
  limits: Partial<ConversionLimits> = {},
): Promise<ConvertOutcome> {
  workerpool.workerEmit({ pid: process.pid } satisfies ChildEvent)
  const format = formatOfMime(mime)
  if (format === undefined) return { ok: false, reason: `documents of type ${mime} are not supported` }
  try {
    const result = await convert(bytes, {
      format,
      pageMarkers: options.pageMarkers,
      frontMatter: options.frontMatter,
      ...(options.ocrLanguages === undefined ? {} : { ocrLanguages: options.ocrLanguages }),
      limits,
      onProgress: (percent) => workerpool.workerEmit(percent),
    })
    return { ok: true, ...result }
  } catch (error) {
    if (error instanceof ConversionInputError) return { ok: false, reason: error.message }
    if (error instanceof RangeError)
      return { ok: false, reason: 'the document is too deeply nested or too large to convert' }
    throw error
  }
}

workerpool.worker({ convert: convertInChild })
