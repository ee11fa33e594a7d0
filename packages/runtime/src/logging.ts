import { createRequire } from 'node:module'
import { scrubErrorText } from './redact.js'
import { stdSerializers, type LoggerOptions } from 'pino'

/**
 * pino-pretty's path, or undefined where it is not installed (a production install leaves out
 * devDependencies). pino resolves a transport named by package from the file that calls pino(),
 * i.e. from each app, so an app without its own pino-pretty (the worker) crashed on a terminal.
 */
function prettyTarget(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('pino-pretty')
  } catch {
    return undefined
  }
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

/**
 * pino for every service: JSON in production, pretty on a terminal (or with LOG_PRETTY=1, which
 * `pnpm dev` sets). Cookies, authorization headers and passwords never reach a log line:
 * headers are censored by path; error texts lose query parameters and URL passwords.
 */
export function loggerOptions(options: { level: LogLevel; production: boolean; name?: string }): LoggerOptions {
  return {
    name: options.name,
    level: options.level,
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
      err: (error) => {
        // A failed query's parameters are the user's data: drizzle copies them onto the error.
        const { params: _params, ...serialized } = stdSerializers.err(error) as ReturnType<
          typeof stdSerializers.err
        > & { params?: unknown }
        return {
          ...serialized,
          message: scrubErrorText(serialized.message, error),
          stack: scrubErrorText(serialized.stack ?? '', error),
        }
      },
    },
    transport: wantsPretty(options) ? prettyTransport() : undefined,
  }
}

function wantsPretty(options: { level: LogLevel; production: boolean }): boolean {
  return !options.production && (process.stdout.isTTY || process.env.LOG_PRETTY === '1') && options.level !== 'silent'
}

function prettyTransport(): LoggerOptions['transport'] {
  const target = prettyTarget()
  return target ? { target, options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } : undefined
}
