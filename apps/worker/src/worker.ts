import { setTimeout as sleep } from 'node:timers/promises'
import { createDatabase } from '@draftsmith/db/client'
import { errorMessage } from '@draftsmith/db/errors'
import { conversionJobOptions, createRedisClient, openQueue, openWorker, queueBackendFor, queueNames, type AnyWorker, type ConversionJobData } from '@draftsmith/jobs'
import type { Logger } from 'pino'
import type { WorkerConfig } from './config.js'
import { ConverterPool } from './conversions/converter-pool.js'
import { conversionProcessor, SHUTDOWN, type ConversionOutcome } from './conversions/process-conversion.js'
import { Heartbeat } from './heartbeat.js'
import { maintenanceProcessor } from './maintenance/processor.js'
import { upsertMaintenanceSchedulers } from './maintenance/schedulers.js'

export interface RunningWorker {
  /** This process's id in `worker_heartbeats`. */
  id: string
  conversions: AnyWorker<ConversionJobData, ConversionOutcome>
  /** Stops taking jobs, lets active ones finish within the grace period, hands back the rest. */
  close(): Promise<void>
}

/**
 * The worker: BullMQ on Redis when REDIS_URL is set, on its PostgreSQL backend otherwise (the
 * predeploy created its schema; nothing here runs DDL). Conversions run in child processes;
 * maintenance runs from job schedulers upserted at boot.
 */
export async function startWorker(config: WorkerConfig, log: Logger): Promise<RunningWorker> {
  const clientName = 'draftsmith-worker'
  const database = createDatabase(config.databaseUrl, { applicationName: clientName, max: config.concurrency + 4 })
  const backend = queueBackendFor(config)
  // Workers make blocking calls: this client waits for Redis instead of failing fast.
  const redis = backend.kind === 'redis' ? createRedisClient(backend.redisUrl, 'worker', { connectionName: clientName }) : undefined
  const pool = new ConverterPool({
    processes: config.concurrency,
    maxHeapMb: config.conversionMaxHeapMb,
    onOutput: (line) => log.warn({ output: line.slice(0, 2000) }, 'a conversion process wrote to its output'),
  })
  const heartbeat = new Heartbeat(database.sql, backend.kind, config.heartbeatIntervalMs, (err) => log.warn({ err }, 'heartbeat not written'))

  const conversionsQueue = openQueue<ConversionJobData>(backend, queueNames.conversions, { redis, clientName, defaultJobOptions: conversionJobOptions })
  const maintenanceQueue = openQueue(backend, queueNames.maintenance, { redis, clientName, poolSize: 2 })
  await upsertMaintenanceSchedulers(maintenanceQueue, config.maintenance)

  const conversions = openWorker(backend, queueNames.conversions, conversionProcessor({ db: database.db, pool, timeoutMs: config.conversionTimeoutMs, log }), {
    redis,
    clientName,
    concurrency: config.concurrency,
    lockDuration: config.lockDurationMs,
    stalledInterval: config.stalledIntervalMs,
    autorun: false,
  })
  const maintenance = openWorker(backend, queueNames.maintenance, maintenanceProcessor(database.sql, conversionsQueue, config.maintenance, log), {
    redis,
    clientName,
    concurrency: 1,
    autorun: false,
  })
  conversions.on('completed', () => heartbeat.jobFinished('completed'))
  conversions.on('failed', (job, err) => {
    heartbeat.jobFinished('failed')
    log.info({ conversionId: job?.data.conversionId, attemptsMade: job?.attemptsMade, reason: errorMessage(err) }, 'conversion job failed')
  })
  for (const worker of [conversions, maintenance]) worker.on('error', (err) => log.error({ err }, 'worker error'))

  await heartbeat.start()
  void conversions.run()
  void maintenance.run()
  log.info({ id: heartbeat.id, backend: backend.kind, concurrency: config.concurrency }, 'worker started')

  let closing: Promise<void> | undefined
  async function shutdown(): Promise<void> {
    log.info({ graceMs: config.shutdownGraceMs }, 'stopping: no new jobs, active ones may finish')
    const workers = [conversions, maintenance]
    const draining = Promise.all(workers.map((w) => w.close()))
    // Unref'd: the losing timer must not keep the process alive after the workers closed.
    const drained = await Promise.race([draining.then(() => true), sleep(config.shutdownGraceMs, false, { ref: false })])
    if (!drained) {
      log.warn('grace period over: handing the active jobs back to the queue')
      for (const worker of workers) worker.cancelAllJobs(SHUTDOWN)
      const handedBack = await Promise.race([draining.then(() => true), sleep(5000, false, { ref: false })])
      if (!handedBack) await Promise.all(workers.map((w) => w.close(true)))
    }
    await heartbeat.stop()
    await Promise.allSettled([pool.close(), conversionsQueue.close(), maintenanceQueue.close()])
    redis?.disconnect()
    await database.close(5)
  }

  return {
    id: heartbeat.id,
    conversions,
    close: () => {
      closing ??= shutdown()
      return closing
    },
  }
}
