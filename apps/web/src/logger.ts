import { redactSecrets } from '@draftsmith/db/url'
import { loggerOptions as baseOptions } from '@draftsmith/runtime'
import type { FastifyServerOptions } from 'fastify'
import type { WebConfig } from './config.js'

/** The shared pino options, plus how a request is logged: its URL redacted like everything else. */
export function loggerOptions(config: Pick<WebConfig, 'logLevel' | 'production'>): FastifyServerOptions['logger'] {
  const options = baseOptions({ level: config.logLevel, production: config.production })
  return {
    ...options,
    serializers: {
      ...options.serializers,
      req: (req) => ({ method: req.method, url: redactSecrets(req.url), host: req.host, remoteAddress: req.ip }),
    },
  }
}
