import { ping } from '@draftsmith/db/client'
import { workersStatus, type WorkersStatus } from '@draftsmith/db/heartbeats'
import { redactSecrets } from '@draftsmith/runtime/redact'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { migrationStatusReader, schemaReadiness } from '../../readiness/migration-status.js'
import { timedCheck, type CheckResult } from '../../readiness/timed-check.js'
import { WorkersBody } from '../schemas.js'

const Check = Type.Object({
  ok: Type.Boolean(),
  latencyMs: Type.Optional(Type.Number()),
  detail: Type.Optional(Type.String()),
})
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  checks: Type.Record(Type.String(), Check),
  workers: Type.Optional(Type.Union([WorkersBody, Type.Null()])),
})

/** Readiness: can this instance serve (database, schema, queue, Redis)? For load balancers and operators. */
const readiness: FastifyPluginAsyncTypebox = async (fastify) => {
  const migrationStatus = migrationStatusReader(fastify.sql)

  fastify.get(
    '/ready',
    {
      schema: {
        description:
          'Readiness: database, schema up to date, Redis (when configured), queue; 503 names the failing check. For ops (an admin session or `Authorization: Bearer $OPS_TOKEN`) each check also has its latency and detail, and `workers` reports the heartbeats (information: no worker does not make the web unready). Everyone else sees only which checks pass: raw errors, migration ids and counts are not for the internet.',
        tags: ['ops'],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (request, reply) => {
      const checks: Record<string, Promise<CheckResult>> = {
        database: timedCheck(async () => {
          await ping(fastify.sql)
        }),
        schema: timedCheck(async () => {
          const { ok, detail } = schemaReadiness(await migrationStatus())
          if (!ok) throw new Error(detail)
          return detail
        }, 5000),
        queue: timedCheck(async () => {
          const { backend } = await fastify.queue.ping()
          return backend
        }),
      }
      if (fastify.redis) {
        const redis = fastify.redis
        checks.redis = timedCheck(async () => {
          await redis.ping()
        })
      }
      const ops = fastify.isOps(request).catch(() => false)
      const workers: Promise<WorkersStatus | null> = workersStatus(fastify.sql).catch(() => null)
      const results = Object.fromEntries(
        await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await check] as const)),
      )
      const ready = Object.values(results).every((r) => r.ok)
      reply.code(ready ? 200 : 503).header('cache-control', 'no-store')
      const status = ready ? ('ready' as const) : ('not_ready' as const)
      if (!(await ops)) {
        return {
          status,
          checks: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, { ok: result.ok }])),
        }
      }
      for (const result of Object.values(results)) if (result.detail) result.detail = redactSecrets(result.detail)
      return { status, checks: results, workers: await workers }
    },
  )
}

export default readiness
