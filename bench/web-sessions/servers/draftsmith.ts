// draftsmith's web app as `node dist/server.js` would run it, with or without REDIS_URL: from the
// build, at production's log level (one JSON access-log line per request on stdout).
import { buildApp } from '@draftsmith/web/app'
import { loadConfig } from '@draftsmith/web/config'
import { ready } from './shared.js'

const config = loadConfig({ ...process.env, NODE_ENV: 'production', TRUST_PROXY: 'false' })
// The benchmark speaks plain HTTP: drop the Secure/__Host- cookie rules production would need.
config.sessions.secureCookie = false
config.sessions.cookieName = 'draftsmith'
const app = await buildApp(config)
await app.listen({ port: config.port, host: '127.0.0.1' })
ready(config.port)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void app.close().then(() => process.exit(0)))
