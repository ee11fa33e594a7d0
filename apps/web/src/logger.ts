import { redactSecrets } from '@draftsmith/db/url'
import type { FastifyServerOptions } from 'fastify'
import { stdSerializers } from 'pino'
import type { WebConfig } from './config.js'

/**
 * pino, JSON in production. Cookies, authorization headers and passwords inside URLs never reach
 * a log line: headers are censored by path, URLs and error texts pass through redactSecrets.
 */
export function loggerOptions(config: Pick<WebConfig, 'logLevel' | 'production'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'headers.cookie',
        'headers.authorization',
        '*.password',
        '*.passwordHash',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req) => ({ method: req.method, url: redactSecrets(req.url), host: req.host, remoteAddress: req.ip }),
      err: (error) => {
        const serialized = stdSerializers.err(error)
        return { ...serialized, message: redactSecrets(serialized.message), stack: redactSecrets(serialized.stack ?? '') }
      },
    },
    transport:
      // `pnpm dev` pipes the service's output, so it asks for pretty lines with LOG_PRETTY=1.
      !config.production && (process.stdout.isTTY || process.env.LOG_PRETTY === '1') && config.logLevel !== 'silent'
        ? { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } }
        : undefined,
  }
}
