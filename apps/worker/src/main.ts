/**
 * `node apps/worker/dist/main.js`: runs until SIGTERM/SIGINT, then drains (see worker.ts) and
 * exits 0. A bad configuration exits 2, listing every problem.
 */
import { configOrExit, loggerOptions } from '@draftsmith/runtime'
import { pino } from 'pino'
import { loadConfig } from './config.js'
import { startWorker } from './worker.js'

const config = configOrExit('worker', () => loadConfig())
const log = pino(loggerOptions({ level: config.logLevel, production: config.production, name: 'worker' }))
process.on('uncaughtException', (err) => {
  log.fatal({ err }, 'uncaught exception')
  process.exit(1)
})

const worker = await startWorker(config, log)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down')
    worker.close().then(
      () => {
        log.info('stopped')
        process.exit(0)
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
