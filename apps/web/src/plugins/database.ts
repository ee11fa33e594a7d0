import { createDatabase, type Database } from '@draftsmith/db/client'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
  }
}

/** The shared postgres.js pool and its Drizzle instance; lazy, so boot never waits on Postgres. */
export default fp(
  async function database(fastify: FastifyInstance) {
    const database = createDatabase(fastify.config.databaseUrl, {
      applicationName: 'draftsmith-web',
      max: 10,
      connectTimeoutSeconds: 5,
      // A request never waits longer than this on one query.
      statementTimeoutMs: 15_000,
    })
    fastify.decorate('db', database)
    fastify.addHook('onClose', () => database.close(5))
  },
  { name: 'database', dependencies: ['config'] },
)
