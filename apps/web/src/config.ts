import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultRedisPrefix } from '@draftsmith/jobs'
import { checkConnectionUrls } from '@draftsmith/db/url'
import { ConfigError, logLevels, OneOf, readEnv } from '@draftsmith/runtime'
import { Type, type Static } from '@fastify/type-provider-typebox'
import type { HeavyDownloadSettings } from './downloads/heavy-downloads.js'
import type { QuotaSettings } from './limits/quotas.js'
import { packageVersion } from '@draftsmith/runtime/package-version'

export { ConfigError }

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

const Env = Type.Object({
  NODE_ENV: OneOf(['development', 'production', 'test'], 'development'),
  HOST: Type.Optional(Type.String()),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  DATABASE_URL: Type.Optional(Type.String()),
  REDIS_URL: Type.Optional(Type.String()),
  SESSION_SECRET: Type.Optional(Type.String()),
  OPS_TOKEN: Type.Optional(Type.String()),
  SIGNUP_ENABLED: Type.Boolean({ default: true }),
  MAX_UPLOAD_BYTES: Type.Integer({ minimum: 1, default: 10 * 1024 * 1024 }),
  MAX_FILES_PER_UPLOAD: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  UPLOAD_MEMORY_BYTES: Type.Integer({ minimum: 1, default: 128 * 1024 * 1024 }),
  SESSION_IDLE_TIMEOUT_MINUTES: Type.Integer({ minimum: 1, default: 7 * 24 * 60 }),
  SESSION_ABSOLUTE_TIMEOUT_HOURS: Type.Integer({ minimum: 1, default: 30 * 24 }),
  SESSION_TOUCH_INTERVAL_SECONDS: Type.Integer({ minimum: 0, default: 300 }),
  SESSION_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, default: 600 }),
  SESSION_LOCAL_CACHE_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 2000 }),
  REDIS_KEY_PREFIX: Type.String({ default: 'draftsmith:' }),
  QUEUE_PREFIX: Type.String({ default: defaultRedisPrefix }),
  LOGIN_RATE_LIMIT_PER_IP: Type.Integer({ minimum: 1, default: 30 }),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 15 * 60 }),
  LOGIN_FAILURES_BEFORE_BACKOFF: Type.Integer({ minimum: 1, default: 5 }),
  LOGIN_BACKOFF_MAX_SECONDS: Type.Integer({ minimum: 1, default: 15 * 60 }),
  SIGNUP_RATE_LIMIT_PER_IP: Type.Integer({ minimum: 1, default: 5 }),
  SIGNUP_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 3600 }),
  QUOTA_PROPOSALS_PER_HOUR: Type.Integer({ minimum: 1, default: 30 }),
  QUOTA_PROPOSALS_PER_HOUR_PER_IP: Type.Integer({ minimum: 1, default: 100 }),
  QUOTA_UPLOADS_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),
  QUOTA_UPLOADS_PER_MINUTE_PER_IP: Type.Integer({ minimum: 1, default: 60 }),
  QUOTA_UPLOAD_BYTES_PER_HOUR_PER_IP: Type.Integer({ minimum: 1, default: 500 * 1024 * 1024 }),
  QUOTA_STORED_BYTES: Type.Integer({ minimum: 1, default: 200 * 1024 * 1024 }),
  QUOTA_STORED_BYTES_PER_IP: Type.Integer({ minimum: 1, default: 400 * 1024 * 1024 }),
  STORAGE_TOTAL_BYTES: Type.Integer({ minimum: 1, default: 2 * 1024 * 1024 * 1024 }),
  QUOTA_ACTIVE_CONVERSIONS: Type.Integer({ minimum: 1, default: 10 }),
  QUOTA_ACTIVE_CONVERSIONS_PER_IP: Type.Integer({ minimum: 1, default: 20 }),
  UPLOADS_IN_FLIGHT_PER_CLIENT: Type.Integer({ minimum: 1, default: 2 }),
  DOWNLOAD_MEMORY_BYTES: Type.Integer({ minimum: 1, default: 64 * 1024 * 1024 }),
  DOWNLOADS_IN_FLIGHT_PER_CLIENT: Type.Integer({ minimum: 1, default: 4 }),
  DOWNLOAD_STALL_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, default: 30 }),
  UPLOAD_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30 }),
  ANONYMOUS_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 7 }),
  REQUEST_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, default: 120 }),
  HEADERS_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, default: 15 }),
  KEEP_ALIVE_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, default: 75 }),
  LOG_LEVEL: OneOf(logLevels, 'info'),
  TRUST_PROXY: Type.Optional(Type.String()),
  PUBLIC_ORIGIN: Type.Optional(Type.String()),
  RENDER_EXTERNAL_URL: Type.Optional(Type.String()),
  /** Set to `true` by Render on every service. */
  RENDER: Type.Optional(Type.String()),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 0, default: 10_000 }),
  RENDER_GIT_COMMIT: Type.Optional(Type.String()),
  DATA_DIR: Type.Optional(Type.String()),
})
type Env = Static<typeof Env>

export interface WebConfig {
  env: Env['NODE_ENV']
  production: boolean
  host: string
  port: number
  databaseUrl: string
  redisUrl: string | undefined
  /** The first signs new cookies; all verify (rotation). */
  sessionSecrets: string[]
  opsToken: string | undefined
  signupEnabled: boolean
  /** `memoryBytes`: what all uploads in flight may hold in memory together. */
  uploads: { maxBytes: number; maxFiles: number; memoryBytes: number }
  sessions: {
    cookieName: string
    secureCookie: boolean
    idleTimeoutMs: number
    absoluteTimeoutMs: number
    touchIntervalMs: number
    cacheTtlSeconds: number
    /** In-process cache lifetime (0 = off); changes from other instances arrive by LISTEN/NOTIFY. */
    localCacheMs: number
  }
  redisKeyPrefix: string
  /** BullMQ's key prefix on Redis; the worker must use the same. */
  queuePrefix: string
  /** Failed sign-ins per address per window; failures in a row per account + address before the backoff. */
  loginThrottle: {
    failuresPerAddress: number
    windowSeconds: number
    failuresBeforeBackoff: number
    maxBackoffSeconds: number
  }
  signupRateLimit: { perAddress: number; windowSeconds: number }
  quotas: QuotaSettings
  /** The most the whole instance may store (uploads still kept, Markdown, assets): 507 past it. */
  storageTotalBytes: number
  uploadsInFlightPerClient: number
  /** Bundles and large assets: their shared memory budget, per-address share, and how long one may stall. */
  downloads: HeavyDownloadSettings
  /** Node's server timeouts: a whole request, its headers, an idle kept-alive connection. */
  timeouts: { requestMs: number; headersMs: number; keepAliveMs: number }
  logLevel: Env['LOG_LEVEL']
  trustProxy: boolean | number | string
  /** Origins allowed to make state-changing requests with the session cookie; empty = the request's own. */
  publicOrigins: string[]
  shutdownGraceMs: number
  version: string
  commit: string | undefined
}

/** Development only: a secret generated once and kept under .data/ so restarts keep sessions. */
function developmentSecret(dataDir: string): string {
  const path = join(dataDir, 'session-secret')
  if (existsSync(path)) return readFileSync(path, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(path, `${secret}\n`, { mode: 0o600 })
  chmodSync(path, 0o600)
  return secret
}

/**
 * Which proxies' X-Forwarded-For entries to believe. On Render every request passes Cloudflare,
 * then Render's own proxy, before it reaches the service (X-Forwarded-For: <client>, <Cloudflare
 * edge>; the socket: Render's proxy), so the client is two hops out; trusting one would make every
 * visitor behind one Cloudflare edge the same address. Elsewhere in production one reverse proxy
 * is the common case. More hops than there are proxies would let a client choose its own address.
 * See docs/decisions/011-trust-proxy.md.
 */
function parseTrustProxy(value: string | undefined, production: boolean, onRender: boolean): boolean | number | string {
  if (value === undefined) return production ? (onRender ? 2 : 1) : false
  if (value === 'true') return true
  if (value === 'false') return false
  return /^\d+$/.test(value) ? Number(value) : value
}

/**
 * Reads and validates the environment once, at boot. Every problem is collected and thrown
 * together ({@link ConfigError}), so a deploy log shows all of them at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const problems: string[] = []
  const e = readEnv(Env, env, problems)
  const production = e.NODE_ENV === 'production'

  const { databaseUrl, redisUrl } = checkConnectionUrls(e, problems)

  let sessionSecrets: string[] = []
  if (e.SESSION_SECRET !== undefined) {
    sessionSecrets = e.SESSION_SECRET.split(',').map((s) => s.trim())
    sessionSecrets.forEach((secret, i) => {
      if (secret.length < 32)
        problems.push(
          `SESSION_SECRET: secret #${i + 1} of ${sessionSecrets.length} has ${secret.length} characters, at least 32 are required`,
        )
    })
  } else if (production) {
    problems.push(
      'SESSION_SECRET is not set: production never signs cookies with a random secret (generate one: openssl rand -base64 48)',
    )
  } else {
    sessionSecrets = [developmentSecret(e.DATA_DIR ?? join(repoRoot, '.data'))]
  }
  if (e.OPS_TOKEN !== undefined && e.OPS_TOKEN.length < 32) problems.push('OPS_TOKEN must have at least 32 characters')

  const origins = [e.PUBLIC_ORIGIN, e.RENDER_EXTERNAL_URL].filter((o): o is string => o !== undefined)
  const publicOrigins: string[] = []
  for (const origin of origins.flatMap((o) => o.split(','))) {
    try {
      publicOrigins.push(new URL(origin.trim()).origin)
    } catch {
      problems.push(`PUBLIC_ORIGIN "${origin}" is not a URL (e.g. https://draftsmith.example.com)`)
    }
  }
  if (e.SESSION_ABSOLUTE_TIMEOUT_HOURS * 60 < e.SESSION_IDLE_TIMEOUT_MINUTES) {
    problems.push('SESSION_ABSOLUTE_TIMEOUT_HOURS must be at least as long as SESSION_IDLE_TIMEOUT_MINUTES')
  }

  if (e.HEADERS_TIMEOUT_SECONDS * 1000 > e.REQUEST_TIMEOUT_SECONDS * 1000)
    problems.push('HEADERS_TIMEOUT_SECONDS must not be longer than REQUEST_TIMEOUT_SECONDS')
  if (e.UPLOAD_MEMORY_BYTES < e.MAX_UPLOAD_BYTES)
    problems.push(
      'UPLOAD_MEMORY_BYTES must be at least MAX_UPLOAD_BYTES, or no upload of the largest size could ever be taken',
    )

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port: e.PORT,
    databaseUrl,
    redisUrl,
    sessionSecrets,
    opsToken: e.OPS_TOKEN,
    signupEnabled: e.SIGNUP_ENABLED,
    uploads: { maxBytes: e.MAX_UPLOAD_BYTES, maxFiles: e.MAX_FILES_PER_UPLOAD, memoryBytes: e.UPLOAD_MEMORY_BYTES },
    sessions: {
      // __Host-: the browser only accepts it Secure, for path /, without Domain.
      cookieName: production ? '__Host-draftsmith' : 'draftsmith',
      secureCookie: production,
      idleTimeoutMs: e.SESSION_IDLE_TIMEOUT_MINUTES * 60_000,
      absoluteTimeoutMs: e.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3_600_000,
      touchIntervalMs: e.SESSION_TOUCH_INTERVAL_SECONDS * 1000,
      cacheTtlSeconds: e.SESSION_CACHE_TTL_SECONDS,
      localCacheMs: e.SESSION_LOCAL_CACHE_MS,
    },
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    queuePrefix: e.QUEUE_PREFIX,
    loginThrottle: {
      failuresPerAddress: e.LOGIN_RATE_LIMIT_PER_IP,
      windowSeconds: e.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
      failuresBeforeBackoff: e.LOGIN_FAILURES_BEFORE_BACKOFF,
      maxBackoffSeconds: e.LOGIN_BACKOFF_MAX_SECONDS,
    },
    signupRateLimit: { perAddress: e.SIGNUP_RATE_LIMIT_PER_IP, windowSeconds: e.SIGNUP_RATE_LIMIT_WINDOW_SECONDS },
    quotas: {
      proposalsPerHour: e.QUOTA_PROPOSALS_PER_HOUR,
      proposalsPerHourPerAddress: e.QUOTA_PROPOSALS_PER_HOUR_PER_IP,
      uploadsPerMinute: e.QUOTA_UPLOADS_PER_MINUTE,
      uploadsPerMinutePerAddress: e.QUOTA_UPLOADS_PER_MINUTE_PER_IP,
      uploadBytesPerHourPerAddress: e.QUOTA_UPLOAD_BYTES_PER_HOUR_PER_IP,
      storedBytes: e.QUOTA_STORED_BYTES,
      storedBytesPerAddress: e.QUOTA_STORED_BYTES_PER_IP,
      activeConversions: e.QUOTA_ACTIVE_CONVERSIONS,
      activeConversionsPerAddress: e.QUOTA_ACTIVE_CONVERSIONS_PER_IP,
      uploadRetentionDays: e.UPLOAD_RETENTION_DAYS,
      anonymousRetentionDays: e.ANONYMOUS_RETENTION_DAYS,
    },
    storageTotalBytes: e.STORAGE_TOTAL_BYTES,
    uploadsInFlightPerClient: e.UPLOADS_IN_FLIGHT_PER_CLIENT,
    downloads: {
      memoryBytes: e.DOWNLOAD_MEMORY_BYTES,
      perClient: e.DOWNLOADS_IN_FLIGHT_PER_CLIENT,
      stallMs: e.DOWNLOAD_STALL_TIMEOUT_SECONDS * 1000,
    },
    timeouts: {
      requestMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
      headersMs: e.HEADERS_TIMEOUT_SECONDS * 1000,
      keepAliveMs: e.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
    },
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY, production, e.RENDER === 'true'),
    publicOrigins,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    version: packageVersion(new URL('../package.json', import.meta.url)),
    commit: e.RENDER_GIT_COMMIT,
  }
}
