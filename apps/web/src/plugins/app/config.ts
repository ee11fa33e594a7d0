import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { WebConfig } from '../../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The configuration validated once at boot (src/config.ts). */
    config: WebConfig
  }
}

/** Hands the validated configuration to every other plugin: the first one registered. */
export default fp(
  async (fastify: FastifyInstance, opts: { config: WebConfig }) => {
    fastify.decorate('config', opts.config)
  },
  { name: 'config' },
)
