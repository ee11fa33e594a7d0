import type { Db } from '@draftsmith/db/client'
import { errorMessage, isConnectionError } from '@draftsmith/db/errors'
import {
  failConversion,
  recordProgress,
  requeueConversion,
  startConversion,
  succeedConversion,
} from '@draftsmith/db/conversions'
import { InstanceFullError, InstanceStorage } from '@draftsmith/db/instance-storage'
import type { ConversionJobData } from '@draftsmith/jobs'
import { formatOfMime } from '@draftsmith/convert'
import { ConversionInterruptedError, type IsolatedConverter } from '@draftsmith/convert/process'
import { UnrecoverableError, WaitingError, type Job } from 'bullmq'
import type { Logger } from 'pino'

/** Why a processor's signal fired: the worker handing its jobs back on shutdown. */
export const SHUTDOWN = 'worker shutting down'

export interface ConversionOutcome {
  conversionId: string
  /** `converted`, or why nothing was done (delivery is at least once). */
  result: 'converted' | 'failed' | 'missing' | 'already-finished'
}

export interface ProcessorDeps {
  db: Db
  /** The conversion processes, bounded in time and real memory (the engine's own pool). */
  converter: IsolatedConverter
  /** Languages OCR reads with when the document does not say (CONVERSION_OCR_LANGUAGES). @default the engine's: English */
  ocrLanguages?: string[]
  /** What the whole instance may store (STORAGE_TOTAL_BYTES, ADR 106): a result that would pass it is not written. */
  storageTotalBytes?: number
  log: Logger
}

/**
 * The row's message is read by the person who uploaded: never a driver's text, which can quote
 * SQL and its parameters (the document itself). The worker's log has the error in full.
 */
function failureForPeople(error: unknown): string {
  return isConnectionError(error) ? 'the database could not be reached' : 'an internal error, logged for the operators'
}

/** Times a job may be handed back after its conversion process was stopped from outside. */
const MAX_INTERRUPTIONS = 10

/** Progress is written to the row at most this often (the UI polls it; every percent is noise). */
const PROGRESS_EVERY_MS = 500

/**
 * One conversion job. Delivery is at least once (a worker may die mid-job and the job run
 * again), so every step is idempotent: a finished conversion is never redone or overwritten, a
 * deleted one is skipped, and the result is written only over a row still `processing`.
 */
export function conversionProcessor(deps: ProcessorDeps) {
  const { db, converter, ocrLanguages, storageTotalBytes, log } = deps
  // The web's accounting: the total read at most every few seconds, not once per conversion.
  const storage = storageTotalBytes === undefined ? undefined : new InstanceStorage(db, storageTotalBytes)

  return async function processConversion(
    job: Job<ConversionJobData>,
    token?: string,
    signal?: AbortSignal,
  ): Promise<ConversionOutcome> {
    const id = job.data.conversionId
    // Where a job's time goes, in its log line (ADR 095): waiting in the queue, the row started and
    // its source read, the conversion (the document sent to the conversion process and its result
    // back), the result written.
    const phases: Record<string, number> = {
      queueWaitMs: job.processedOn === undefined ? 0 : job.processedOn - job.timestamp,
    }
    let phaseStarted = performance.now()
    const phase = (name: 'startMs' | 'convertMs' | 'writeMs') => {
      const now = performance.now()
      phases[name] = Math.round(now - phaseStarted)
      phaseStarted = now
    }
    const row = await startConversion(db, id)
    phase('startMs')
    if (row.kind === 'missing' || row.kind === 'already-finished') return { conversionId: id, result: row.kind }
    if (row.kind === 'source-removed') {
      await failConversion(
        db,
        id,
        'the uploaded file was removed by the retention policy before it could be converted; upload it again',
      )
      throw new UnrecoverableError('source removed')
    }

    let lastWrite = 0
    const onProgress = (percent: number) => {
      void job.updateProgress(percent).catch(() => {})
      const now = Date.now()
      if (now - lastWrite < PROGRESS_EVERY_MS) return
      lastWrite = now
      void recordProgress(db, id, percent).catch(() => {})
    }

    const format = formatOfMime(row.mime)
    if (format === undefined) {
      const message = `documents of type ${row.mime} are not supported`
      await failConversion(db, id, message)
      throw new UnrecoverableError(message)
    }
    let outcome
    try {
      // Past its time or memory bound the converter refuses the document (a failure with its
      // report); the signal only fires when this worker shuts down.
      outcome = await converter.convert(row.bytes, {
        ...(ocrLanguages === undefined ? {} : { ocrLanguages }),
        ...row.options,
        format,
        signal,
        onProgress,
      })
    } catch (error) {
      // A conversion process stopped from outside (SIGTERM to the worker's process group) is
      // not the document's fault: it goes back to the queue untouched, as on shutdown — a
      // bounded number of times, so something that stops every conversion cannot loop a job.
      const interrupted = error instanceof ConversionInterruptedError
      if (interrupted && (job.attemptsStarted ?? 0) > MAX_INTERRUPTIONS) return transientFailure(job, id, error)
      if (interrupted || signal?.aborted) {
        // Give the job back untouched (no attempt spent) for another worker.
        await requeueConversion(db, id, { untouched: true })
        await job.moveToWait(token)
        throw new WaitingError()
      }
      return transientFailure(job, id, error)
    }

    phase('convertMs')
    if (!outcome.ok) {
      await failConversion(db, id, outcome.reason, { report: outcome.report })
      throw new UnrecoverableError(outcome.reason)
    }
    try {
      // The web refuses uploads past the ceiling, but what was queued before it was reached still
      // converts: its result is written only if it fits (ADR 106). The upload stays, so it can be
      // retried once there is room.
      const adding =
        Buffer.byteLength(outcome.markdown) + outcome.assets.reduce((sum, asset) => sum + asset.bytes.length, 0)
      await storage?.reserve(adding)
      await succeedConversion(db, id, outcome).catch((error: unknown) => {
        storage?.release(adding)
        throw error
      })
      storage?.stored(adding)
    } catch (error) {
      if (error instanceof InstanceFullError) {
        const message =
          'this instance is full: it stores as much as it may for everyone together, so the result was not kept; retry once older conversions have been removed or deleted'
        await failConversion(db, id, message, { report: outcome.report })
        throw new UnrecoverableError(message)
      }
      return transientFailure(job, id, error)
    }
    phase('writeMs')
    log.info(
      { conversionId: id, mime: row.mime, assets: outcome.assets.length, ...outcome.stats, phases },
      'conversion succeeded',
    )
    return { conversionId: id, result: 'converted' }
  }

  /**
   * Anything else (the database gone for a moment, a converter crash): BullMQ retries with
   * backoff; the last attempt records the failure for the person waiting on it.
   */
  async function transientFailure(job: Job<ConversionJobData>, id: string, error: unknown): Promise<never> {
    const attempts = job.opts.attempts ?? 1
    const last = job.attemptsMade + 1 >= attempts
    log.warn(
      { conversionId: id, err: error, attempt: job.attemptsMade + 1, attempts },
      last ? 'conversion failed for good' : 'conversion failed; it will be retried',
    )
    try {
      if (last) {
        await failConversion(
          db,
          id,
          `the conversion failed ${attempts === 1 ? 'once' : `${attempts} times`} (${failureForPeople(error)}); upload the file again later`,
        )
      } else {
        await requeueConversion(db, id)
      }
    } catch (writeError) {
      // The database itself may be what failed: the retry (or the stuck-conversion sweep) repairs the row.
      if (!isConnectionError(writeError)) throw writeError
    }
    // BullMQ keeps the message and stack on the job (the dashboard shows them): not a failed
    // query's parameters, which are the document itself.
    throw new Error(errorMessage(error), { cause: error })
  }
}
