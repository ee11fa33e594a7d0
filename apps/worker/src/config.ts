import { defaultRedisPrefix } from '@draftsmith/jobs'
import { checkConnectionUrls } from '@draftsmith/db/url'
import { ConfigError, logLevels, OneOf, readEnv } from '@draftsmith/runtime'
import { Type } from '@fastify/type-provider-typebox'
import { ConversionInputError, defaultLimits, parseOcrLanguages, type ConversionLimits } from '@draftsmith/convert'

export { ConfigError }

const Env = Type.Object({
  NODE_ENV: OneOf(['development', 'production', 'test'], 'development'),
  DATABASE_URL: Type.Optional(Type.String()),
  REDIS_URL: Type.Optional(Type.String()),
  QUEUE_PREFIX: Type.String({ default: defaultRedisPrefix }),
  WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  CONVERSION_TIMEOUT_MS: Type.Integer({ minimum: 1000, default: 60_000 }),
  CONVERSION_MAX_HEAP_MB: Type.Integer({ minimum: 32, default: 256 }),
  CONVERSION_MAX_RSS_MB: Type.Optional(Type.Integer({ minimum: 64 })),
  CONVERSION_MAX_PAGE_MEGAPIXELS: Type.Number({ exclusiveMinimum: 0, default: 16 }),
  CONVERSION_MAX_DOCUMENT_MEGAPIXELS: Type.Number({ exclusiveMinimum: 0, default: 320 }),
  CONVERSION_OUTPUT_RATIO: Type.Number({ minimum: 0, default: 4 }),
  CONVERSION_OUTPUT_FLOOR_BYTES: Type.Integer({ minimum: 0, default: 16 * 1024 * 1024 }),
  CONVERSION_MAX_ASSET_BYTES: Type.Integer({ minimum: 0, default: defaultLimits.assetMaxBytes }),
  /** Languages OCR reads scans with (`eng+fra`); only those shipped in npm. Default English. */
  CONVERSION_OCR_LANGUAGES: Type.Optional(Type.String()),
  STORAGE_TOTAL_BYTES: Type.Integer({ minimum: 1, default: 2 * 1024 * 1024 * 1024 }),
  WORKER_SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 20_000 }),
  WORKER_LOCK_DURATION_MS: Type.Integer({ minimum: 1000, default: 30_000 }),
  WORKER_STALLED_INTERVAL_MS: Type.Integer({ minimum: 1000, default: 30_000 }),
  HEARTBEAT_INTERVAL_MS: Type.Integer({ minimum: 500, default: 10_000 }),
  SESSION_CLEANUP_EVERY_MS: Type.Integer({ minimum: 1000, default: 3_600_000 }),
  UPLOAD_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  ANONYMOUS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 7 }),
  UPLOAD_RETENTION_EVERY_MS: Type.Integer({ minimum: 1000, default: 24 * 3_600_000 }),
  STUCK_CONVERSION_EVERY_MS: Type.Integer({ minimum: 1000, default: 300_000 }),
  LOG_LEVEL: OneOf(logLevels, 'info'),
})

export interface WorkerConfig {
  production: boolean
  databaseUrl: string
  redisUrl: string | undefined
  queuePrefix: string
  concurrency: number
  /** Per-job time limit. */
  conversionTimeoutMs: number
  /** Heap of each conversion process: a hostile document runs out of it, not the worker. */
  conversionMaxHeapMb: number
  /** Resident memory of each conversion process (pictures decoded outside the heap included). */
  conversionMaxRssMb: number
  /** Languages OCR reads scans with when a document does not say (CONVERSION_OCR_LANGUAGES); undefined: English. */
  conversionOcrLanguages: string[] | undefined
  /** Bounds inside a conversion: decoded pixels, stored output relative to the upload (ADR 050). */
  conversionLimits: Partial<ConversionLimits>
  /** What the whole instance may store (the web's STORAGE_TOTAL_BYTES): a result that would pass it fails. */
  storageTotalBytes: number
  /** On SIGTERM, how long active jobs may run before they are handed back. Keep under Render's maxShutdownDelaySeconds. */
  shutdownGraceMs: number
  lockDurationMs: number
  stalledIntervalMs: number
  heartbeatIntervalMs: number
  maintenance: {
    sessionCleanupEveryMs: number
    /** Days a finished conversion keeps its upload; its Markdown and assets stay while the account does. */
    uploadRetentionDays: number
    /** Days an anonymous visitor's finished conversion is kept at all (upload, Markdown, assets). */
    anonymousRetentionDays: number
    uploadRetentionEveryMs: number
    stuckConversionEveryMs: number
    /** A `processing` row older than this has no live worker: the timeout, a lost lock, and a minute of slack. */
    stuckProcessingAfterMs: number
  }
  logLevel: (typeof logLevels)[number]
}

/** Reads and validates the environment once; every problem is reported together. */
export function loadConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const problems: string[] = []
  const e = readEnv(Env, env, problems)
  const { databaseUrl, redisUrl } = checkConnectionUrls(e, problems)
  let ocrLanguages: string[] | undefined
  try {
    if (e.CONVERSION_OCR_LANGUAGES?.trim()) ocrLanguages = parseOcrLanguages(e.CONVERSION_OCR_LANGUAGES)
  } catch (error) {
    if (!(error instanceof ConversionInputError)) throw error
    problems.push(`CONVERSION_OCR_LANGUAGES: ${error.message}`)
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return {
    production: e.NODE_ENV === 'production',
    databaseUrl,
    redisUrl,
    queuePrefix: e.QUEUE_PREFIX,
    concurrency: e.WORKER_CONCURRENCY,
    conversionTimeoutMs: e.CONVERSION_TIMEOUT_MS,
    conversionMaxHeapMb: e.CONVERSION_MAX_HEAP_MB,
    conversionMaxRssMb: e.CONVERSION_MAX_RSS_MB ?? e.CONVERSION_MAX_HEAP_MB + 96,
    conversionOcrLanguages: ocrLanguages,
    conversionLimits: {
      pagePixels: Math.round(e.CONVERSION_MAX_PAGE_MEGAPIXELS * 1_000_000),
      documentPixels: Math.round(e.CONVERSION_MAX_DOCUMENT_MEGAPIXELS * 1_000_000),
      outputRatio: e.CONVERSION_OUTPUT_RATIO,
      outputFloorBytes: e.CONVERSION_OUTPUT_FLOOR_BYTES,
      assetMaxBytes: e.CONVERSION_MAX_ASSET_BYTES,
    },
    storageTotalBytes: e.STORAGE_TOTAL_BYTES,
    shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
    lockDurationMs: e.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
    heartbeatIntervalMs: e.HEARTBEAT_INTERVAL_MS,
    maintenance: {
      sessionCleanupEveryMs: e.SESSION_CLEANUP_EVERY_MS,
      uploadRetentionDays: e.UPLOAD_RETENTION_DAYS,
      anonymousRetentionDays: e.ANONYMOUS_RETENTION_DAYS,
      uploadRetentionEveryMs: e.UPLOAD_RETENTION_EVERY_MS,
      stuckConversionEveryMs: e.STUCK_CONVERSION_EVERY_MS,
      stuckProcessingAfterMs: e.CONVERSION_TIMEOUT_MS + e.WORKER_LOCK_DURATION_MS + 60_000,
    },
    logLevel: e.LOG_LEVEL,
  }
}
