/**
 * Every route the web app registers, read from the app itself: the app plugin built in this
 * process with the production config (not listening) and an `onRoute` hook that records each
 * method and URL. Fastify's `printRoutes` draws a tree that loses some of them (`/ui/*` is drawn as
 * `/*`), and the OpenAPI document leaves out hidden routes (the UI, the queue dashboard): the
 * access matrix must see a new route whatever kind it is.
 */
import { randomBytes } from 'node:crypto'
import app, { serverOptions } from '@draftsmith/web/app'
import { loadConfig } from '@draftsmith/web/config'
import Fastify from 'fastify'

export interface AppRoute {
  method: string
  url: string
}

export async function appRoutes(databaseUrl: string): Promise<AppRoute[]> {
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
  })
  const fastify = Fastify(serverOptions(config))
  const routes: AppRoute[] = []
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url ?? route.path })
  })
  try {
    await fastify.register(app, { config })
    await fastify.ready()
  } finally {
    await fastify.close()
  }
  const seen = new Set<string>()
  return routes.filter((r) => !seen.has(`${r.method} ${r.url}`) && seen.add(`${r.method} ${r.url}`))
}
