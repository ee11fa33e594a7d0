import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { migrationStatusReader } from '../readiness/migration-status.js'
import { timedCheck } from '../readiness/timed-check.js'
import { clientKey } from '../limits/client-address.js'
import { workersStatus } from '@draftsmith/db/heartbeats'
import { WorkersBody } from './schemas.js'

const Check = Type.Object({ name: Type.String(), ok: Type.Boolean(), detail: Type.String() })
const Drift = Type.Object({
  kind: Type.String(),
  object: Type.String(),
  message: Type.String(),
  expected: Type.Optional(Type.String()),
  actual: Type.Optional(Type.String()),
})

/** Admin session or `Authorization: Bearer $OPS_TOKEN` for everything here. */
const ops: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('preHandler', fastify.requireOps)
  const migrationStatus = migrationStatusReader(fastify.sql)

  fastify.get(
    '/migration_status',
    {
      schema: {
        description: 'The predeploy’s `status`, from the same library function.',
        tags: ['ops'],
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            migrated: Type.Boolean(),
            current: Type.Union([Type.String(), Type.Null()]),
            pending: Type.Array(Type.String()),
            applied: Type.Array(Type.String()),
            checks: Type.Array(Check),
            columns: Type.Record(Type.String(), Type.Boolean(), {
              description:
                'Each required column by name, e.g. `"conversions.proposal_id": true` (`jq \'.columns["conversions.proposal_id"]\'`)',
            }),
            drift: Type.Array(Drift),
          }),
        },
      },
    },
    async () => {
      const { migrated, current, pending, applied, checks, columns, drift } = await migrationStatus()
      return { migrated, current, pending, applied, checks, columns, drift }
    },
  )

  fastify.get(
    '/sessions/stats',
    {
      schema: {
        tags: ['ops'],
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            total_sessions: Type.Integer(),
            active_sessions: Type.Integer(),
            sessions_24h: Type.Integer({ description: 'created in the last 24 hours' }),
            redis_available: Type.Boolean(),
            using_cache: Type.Boolean({ description: 'session reads are served from Redis right now' }),
          }),
        },
      },
    },
    async () => {
      const counts = await fastify.sessions.stats()
      const redisAvailable = fastify.redis
        ? await fastify.redis.ping(500).then(
            () => true,
            () => false,
          )
        : false
      return {
        total_sessions: counts.total,
        active_sessions: counts.active,
        sessions_24h: counts.recent,
        redis_available: redisAvailable,
        using_cache: redisAvailable && fastify.sessions.cacheInUse,
      }
    },
  )

  fastify.get(
    '/queues',
    {
      schema: {
        tags: ['ops'],
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            backend: Type.String(),
            queues: Type.Array(
              Type.Object({
                name: Type.String(),
                counts: Type.Record(Type.String(), Type.Integer()),
                schedulers: Type.Array(
                  Type.Object({
                    id: Type.String(),
                    every: Type.Union([Type.Number(), Type.Null()]),
                    next: Type.Union([Type.String(), Type.Null()]),
                  }),
                ),
              }),
            ),
            workers: WorkersBody,
          }),
        },
      },
    },
    async () => {
      const { backend } = fastify.queueInspector
      const queues = await fastify.queueInspector.queues()
      let details: Array<{
        name: string
        counts: Record<string, number>
        schedulers: Array<{ id: string; every: number | null; next: string | null }>
      }> = []
      const read = await timedCheck(async () => {
        details = await Promise.all(
          queues.map(async (queue) => ({
            name: queue.name,
            counts: await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'),
            schedulers: (await queue.getJobSchedulers()).map((s) => ({
              id: s.key,
              every: s.every ?? null,
              next: s.next ? new Date(s.next).toISOString() : null,
            })),
          })),
        )
      }, 3000)
      if (!read.ok)
        throw Object.assign(new Error(`the ${backend} queue is unreachable: ${read.detail}`), { statusCode: 503 })
      return { backend, queues: details, workers: await workersStatus(fastify.sql) }
    },
  )

  fastify.get(
    '/client-address',
    {
      schema: {
        description:
          'The address this instance takes the request to come from, and what it was told: after a deploy, call it from your own machine and compare `ip` with your public address (see TRUST_PROXY in the README).',
        tags: ['ops'],
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            ip: Type.String(),
            limitKey: Type.String({
              description: 'what per-address limits count this request under: the address, or its /64 for IPv6',
            }),
            chain: Type.Array(Type.String(), {
              description: 'the socket address, then X-Forwarded-For from right to left',
            }),
            forwardedFor: Type.Union([Type.String(), Type.Null()]),
            trustProxy: Type.String(),
          }),
        },
      },
    },
    async (request) => {
      const forwarded = request.headers['x-forwarded-for']
      const forwardedFor = Array.isArray(forwarded) ? forwarded.join(', ') : (forwarded ?? null)
      const chain = [
        request.socket.remoteAddress ?? '',
        ...(forwardedFor ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean)
          .reverse(),
      ]
      return {
        ip: request.ip,
        limitKey: clientKey(request),
        chain,
        forwardedFor,
        trustProxy: String(fastify.config.trustProxy),
      }
    },
  )
}

export default ops
