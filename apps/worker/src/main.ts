/**
 * `node apps/worker/dist/main.js`: runs until SIGTERM/SIGINT, then drains (see worker.ts) and
 * exits 0. A bad configuration exits 2, listing every problem; an uncaught error shuts down the
 * same way and exits 1.
 */
import { configOrExit, loggerOptions } from '@draftsmith/runtime'
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { loadConfig } from './config.js'
import { shutdownBoundMs } from './shutdown-bounds.js'
import { startWorker } from './worker.js'

const config = configOrExit('worker', () => loadConfig())
const log = pino(loggerOptions({ level: config.logLevel, production: config.production, name: 'worker' }))

const worker = await startWorker(config, log)
closeWithGrace(
  {
    // worker.close() bounds each of its steps; this is the backstop should one of them not be.
    delay: shutdownBoundMs(config.shutdownGraceMs) + 1000,
    logger: false,
    onTimeout: (delay) => log.error({ delayMs: delay }, 'shutdown did not finish in time: exiting anyway'),
    onSecondSignal: (signal) => log.warn({ signal }, 'second signal: exiting now'),
  },
  async ({ signal, err }) => {
    if (err) log.fatal({ err }, 'shutting down after an uncaught error')
    else log.info({ signal }, 'shutting down')
    await worker.close()
    log.info('stopped')
  },
)
