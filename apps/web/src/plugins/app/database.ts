import { createDatabase, type Db } from '@draftsmith/db/client'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { onCloseWithin } from '../../close-step.js'
import type { Sql } from 'postgres'

declare module 'fastify' {
  interface FastifyInstance {
    /** Drizzle over the shared pool: what the query modules of `@draftsmith/db` take. */
    db: Db
    /** postgres.js over the same pool, for the modules that take it (sessions, heartbeats, migration status). */
    sql: Sql
  }
}

/** The shared postgres.js pool and its Drizzle instance; lazy, so boot never waits on Postgres. */
export default fp(
  async function database(fastify: FastifyInstance) {
    const database = createDatabase(fastify.config.databaseUrl, {
      applicationName: 'draftsmith-web',
      max: 10,
      connectTimeoutSeconds: 5,
      // With every connection busy or failing, a request's query waits this long for one, then
      // the request answers 503 (issue 22: during a PostgreSQL restart under load they hung).
      connectionWaitSeconds: 2,
      // A request never waits longer than this on one query.
      statementTimeoutMs: 15_000,
    })
    fastify.decorate('db', database.db)
    fastify.decorate('sql', database.sql)
    onCloseWithin(fastify, 'database', () => database.close(2))
  },
  { name: 'database', dependencies: ['config'] },
)
