import { redactSecrets } from '@draftsmith/runtime/redact'
import { loggerOptions as baseOptions } from '@draftsmith/runtime'
import type { FastifyServerOptions } from 'fastify'
import type { WebConfig } from './config.js'

/** Longest URL a log line repeats: anyone can send a 16 KB one, every request is logged. */
const MAX_LOGGED_URL = 1024

/** A request's URL as a log line shows it: secrets redacted (in linear time), then cut short. */
export function loggedUrl(url: string): string {
  const redacted = redactSecrets(url)
  return redacted.length <= MAX_LOGGED_URL
    ? redacted
    : `${redacted.slice(0, MAX_LOGGED_URL)}…(${redacted.length - MAX_LOGGED_URL} more characters)`
}

/** The shared pino options, plus how a request is logged: its URL redacted and bounded. */
export function loggerOptions(config: Pick<WebConfig, 'logLevel' | 'production'>): FastifyServerOptions['logger'] {
  const options = baseOptions({ level: config.logLevel, production: config.production })
  return {
    ...options,
    serializers: {
      ...options.serializers,
      req: (req) => ({ method: req.method, url: loggedUrl(req.url), host: req.host, remoteAddress: req.ip }),
    },
  }
}
