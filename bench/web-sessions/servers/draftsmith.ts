// draftsmith's web app as `node dist/server.js` would run it, with or without REDIS_URL: from the
// build, at production's log level (one JSON access-log line per request on stdout).
import { pathToFileURL } from 'node:url'
import { ready } from './shared.js'

// DRAFTSMITH_WEB_DIST: another build's apps/web/dist (run.ts's BENCH_BASELINE_WEB), measured
// beside this one in the same run.
const dist = process.env.DRAFTSMITH_WEB_DIST
const { buildApp } = (await import(
  dist ? pathToFileURL(`${dist}/app.js`).href : '@draftsmith/web/app'
)) as typeof import('@draftsmith/web/app')
const { loadConfig } = (await import(
  dist ? pathToFileURL(`${dist}/config.js`).href : '@draftsmith/web/config'
)) as typeof import('@draftsmith/web/config')

const config = loadConfig({ ...process.env, NODE_ENV: 'production', TRUST_PROXY: 'false' })
// The benchmark speaks plain HTTP: drop the Secure/__Host- cookie rules production would need.
config.sessions.secureCookie = false
config.sessions.cookieName = 'draftsmith'
const app = await buildApp(config)
await app.listen({ port: config.port, host: '127.0.0.1' })
ready(config.port)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void app.close().then(() => process.exit(0)))
