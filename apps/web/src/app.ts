import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyHttpOptions, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import fp from 'fastify-plugin'
import type { WebConfig } from './config.js'
import { loggerOptions } from './logger.js'
import { OneLineRequestLog } from './request-log.js'
import auth from './plugins/app/auth.js'
import bearerAuth from './plugins/app/bearer-auth.js'
import csrf from './plugins/app/csrf.js'
import database from './plugins/app/database.js'
import drain from './plugins/app/drain.js'
import errors from './plugins/app/errors.js'
import hostHeader from './plugins/app/host-header.js'
import openapi from './plugins/external/openapi.js'
import queue from './plugins/app/queue.js'
import queueDashboard from './plugins/external/queue-dashboard.js'
import queueInspector from './plugins/app/queue-inspector.js'
import limits from './plugins/app/limits.js'
import redis from './plugins/app/redis.js'
import securityHeaders from './plugins/external/security-headers.js'
import authRoutes from './routes/auth.js'
import conversionsRoutes from './routes/conversions/conversions.js'
import liveness from './routes/health/liveness.js'
import readiness from './routes/health/readiness.js'
import opsRoutes from './routes/ops.js'
import proposalsRoutes from './routes/proposals.js'
import uploadsRoutes from './routes/conversions/uploads.js'
import sessions from './plugins/app/sessions.js'
import ui from './plugins/external/ui.js'
import config from './plugins/app/config.js'

/** Fastify takes a hop count only as a function: trust that many proxies in front of us. */
function trustProxy(setting: WebConfig['trustProxy']): FastifyServerOptions['trustProxy'] {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting
}

/** The whole web service as one plugin: what server.ts listens with and tests `inject` into. */
export default async function app(fastify: FastifyInstance, opts: { config: WebConfig }): Promise<void> {
  await fastify.register(config, opts)
  await fastify.register(errors)
  await fastify.register(drain)
  await fastify.register(hostHeader)
  await fastify.register(securityHeaders)
  await fastify.register(openapi)
  await fastify.register(database)
  await fastify.register(redis)
  // Before the session plugin reads cookies: a verified ops token ignores them.
  await fastify.register(bearerAuth)
  await fastify.register(sessions)
  await fastify.register(csrf)
  await fastify.register(auth)
  await fastify.register(limits)
  await fastify.register(queue)
  await fastify.register(queueInspector)

  await fastify.register(liveness)
  await fastify.register(readiness)
  await fastify.register(authRoutes, { prefix: '/api/auth' })
  await fastify.register(proposalsRoutes, { prefix: '/api/proposals' })
  await fastify.register(uploadsRoutes, { prefix: '/api/proposals' })
  await fastify.register(conversionsRoutes, { prefix: '/api/conversions' })
  await fastify.register(opsRoutes, { prefix: '/api/ops' })
  await fastify.register(queueDashboard)
  await fastify.register(ui)
}

const requestIdPattern = /^[\w.:-]{1,128}$/

/** Fastify's server options for this service: logger, proxy trust, request ids. */
export function serverOptions(
  config: WebConfig,
  overrides: Partial<FastifyServerOptions> = {},
): FastifyHttpOptions<Server> {
  return {
    logger: loggerOptions(config),
    logController: new OneLineRequestLog(),
    trustProxy: trustProxy(config.trustProxy),
    // Honour a caller's (or Render's) X-Request-Id when it is sane; otherwise make one.
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id']
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID()
    },
    bodyLimit: 1024 * 1024,
    // Node's own defaults leave a request unbounded (Fastify sets requestTimeout 0): a visitor
    // trickling an upload would hold its connection and memory for as long as it liked.
    requestTimeout: config.timeouts.requestMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    // Node checks both deadlines on this interval (30 s by default, longer than the deadlines).
    http: { headersTimeout: config.timeouts.headersMs, connectionsCheckingInterval: 1000 },
    // Fastify's defaults (coercion for query strings, defaults, extra properties dropped), plus
    // every invalid field named at once rather than only the first.
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', useDefaults: true, removeAdditional: true } },
    ...overrides,
  }
}

/** A ready-to-use app (not listening). */
export async function buildApp(
  config: WebConfig,
  overrides: Partial<FastifyServerOptions> = {},
): Promise<FastifyInstance> {
  const fastify = Fastify(serverOptions(config, overrides)).withTypeProvider<TypeBoxTypeProvider>()
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
  // Registered without encapsulation, so the returned instance exposes the app's decorators.
  // The API speaks JSON (and multipart for uploads): text/plain is a 415, not a string body.
  fastify.removeContentTypeParser('text/plain')
  await fastify.register(fp(app, { name: 'draftsmith-web' }), { config })
  return fastify
}
