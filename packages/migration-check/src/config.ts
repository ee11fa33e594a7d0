import { DatabaseUrlError, parseDatabaseUrl, type DatabaseUrl } from '@draftsmith/db/url'
import { MigrationCheckError } from './exit-codes.js'

/**
 * Everything the predeploy reads from the environment. Only `DATABASE_URL` is required: a
 * predeploy must run with nothing else (never `REDIS_URL` or session settings).
 */
export interface MigrationCheckConfig {
  database: DatabaseUrl
  /** Total time to keep retrying the first connection. `MIGRATION_CONNECT_TIMEOUT_S`, @default 60 */
  connectTimeoutMs: number
  /** How long to wait for another run's migration lock. `MIGRATION_LOCK_WAIT_S`, @default 300 */
  lockWaitMs: number
  /** `lock_timeout` of every migration statement. `MIGRATION_LOCK_TIMEOUT_MS`, @default 5000 */
  lockTimeoutMs: number
  /** Attempts per file when it hits `lock_timeout`. `MIGRATION_LOCK_RETRIES`, @default 5 */
  lockRetries: number
  /** `statement_timeout` of every migration statement. `MIGRATION_STATEMENT_TIMEOUT_MS`, @default 300000 */
  statementTimeoutMs: number
}

type Env = Record<string, string | undefined>

interface NumberSetting {
  name: string
  fallback: number
  min: number
  max: number
}

const settings = {
  connectTimeoutS: { name: 'MIGRATION_CONNECT_TIMEOUT_S', fallback: 60, min: 1, max: 3600 },
  lockWaitS: { name: 'MIGRATION_LOCK_WAIT_S', fallback: 300, min: 0, max: 3600 },
  lockTimeoutMs: { name: 'MIGRATION_LOCK_TIMEOUT_MS', fallback: 5000, min: 100, max: 600_000 },
  lockRetries: { name: 'MIGRATION_LOCK_RETRIES', fallback: 5, min: 1, max: 100 },
  statementTimeoutMs: { name: 'MIGRATION_STATEMENT_TIMEOUT_MS', fallback: 300_000, min: 100, max: 86_400_000 },
} satisfies Record<string, NumberSetting>

function readNumber(env: Env, setting: NumberSetting, problems: string[]): number {
  const raw = env[setting.name]?.trim()
  if (raw === undefined || raw === '') return setting.fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
    problems.push(`${setting.name}=${raw} must be a whole number from ${setting.min} to ${setting.max}`)
    return setting.fallback
  }
  return value
}

/** Validates the environment once; every problem is reported together (exit 2). */
export function loadConfig(env: Env = process.env): MigrationCheckConfig {
  const problems: string[] = []
  let database: DatabaseUrl | undefined
  if (env.DATABASE_URL === undefined) {
    problems.push('DATABASE_URL is not set')
  } else {
    try {
      database = parseDatabaseUrl(env.DATABASE_URL)
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error
      problems.push(...error.problems.map((p) => `DATABASE_URL: ${p}`))
    }
  }
  const config = {
    connectTimeoutMs: readNumber(env, settings.connectTimeoutS, problems) * 1000,
    lockWaitMs: readNumber(env, settings.lockWaitS, problems) * 1000,
    lockTimeoutMs: readNumber(env, settings.lockTimeoutMs, problems),
    lockRetries: readNumber(env, settings.lockRetries, problems),
    statementTimeoutMs: readNumber(env, settings.statementTimeoutMs, problems),
  }
  if (problems.length > 0 || database === undefined) {
    throw new MigrationCheckError(
      'configuration',
      'invalid configuration',
      'fix the environment variables named above (see "Predeploy" in the README) and deploy again',
      { details: problems },
    )
  }
  return { database, ...config }
}
