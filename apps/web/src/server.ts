import { configOrExit } from '@draftsmith/runtime'
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'

/** Listens, and on SIGTERM/SIGINT stops accepting, lets in-flight requests finish, closes. */
async function main(): Promise<void> {
  const config = configOrExit('web', () => loadConfig())
  const app = await buildApp(config)
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    app.log.fatal(`port ${config.port} is already in use: stop what uses it, or set PORT to another port`)
    await app.close()
    process.exitCode = 1
  }
}

await main()
