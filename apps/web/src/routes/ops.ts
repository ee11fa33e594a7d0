import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { migrationStatusReader } from '../services/migration-status.js'

const Check = Type.Object({ name: Type.String(), ok: Type.Boolean(), detail: Type.String() })
const Drift = Type.Object({ kind: Type.String(), object: Type.String(), message: Type.String(), expected: Type.Optional(Type.String()), actual: Type.Optional(Type.String()) })

/** Admin session or `Authorization: Bearer $OPS_TOKEN` for everything here. */
const ops: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('preHandler', fastify.requireOps)
  const migrationStatus = migrationStatusReader(fastify.db.sql)

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
            drift: Type.Array(Drift),
          }),
        },
      },
    },
    async () => {
      const { migrated, current, pending, applied, checks, drift } = await migrationStatus()
      return { migrated, current, pending, applied, checks, drift }
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
      const [counts] = await fastify.db.sql<{ total: number; active: number; recent: number }[]>`
        select count(*)::int as total,
          count(*) filter (where expires_at > now() and absolute_expires_at > now())::int as active,
          count(*) filter (where created_at > now() - interval '24 hours')::int as recent
        from sessions`
      const redisAvailable = fastify.redis ? await fastify.redis.ping(500).then(() => true, () => false) : false
      return {
        total_sessions: counts?.total ?? 0,
        active_sessions: counts?.active ?? 0,
        sessions_24h: counts?.recent ?? 0,
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
            queues: Type.Array(Type.Object({ name: Type.String(), counts: Type.Record(Type.String(), Type.Integer()) })),
          }),
        },
      },
    },
    async () => {
      const queue = await fastify.queue.queue()
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized')
      return { backend: fastify.queue.backend.kind, queues: [{ name: queue.name, counts }] }
    },
  )
}

export default ops
