import { DatabaseUrlError, parseDatabaseUrl, redactUrl } from '@draftsmith/db/url'

/**
 * The connection settings every service shares: DATABASE_URL is required and must parse,
 * REDIS_URL is optional and must be a redis URL. Problems go to `problems`; the values are
 * returned as given.
 */
export function checkConnectionUrls(env: { DATABASE_URL?: string; REDIS_URL?: string }, problems: string[]): { databaseUrl: string; redisUrl: string | undefined } {
  if (env.DATABASE_URL === undefined) {
    problems.push('DATABASE_URL is not set (`pnpm dev` starts an embedded database and sets it)')
  } else {
    try {
      parseDatabaseUrl(env.DATABASE_URL)
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error
      problems.push(...error.problems.map((p) => `DATABASE_URL: ${p}`))
    }
  }
  if (env.REDIS_URL !== undefined && !/^rediss?:\/\/[^/]/.test(env.REDIS_URL)) {
    problems.push(`REDIS_URL "${redactUrl(env.REDIS_URL)}" is not a redis:// or rediss:// URL`)
  }
  return { databaseUrl: env.DATABASE_URL ?? '', redisUrl: env.REDIS_URL }
}
