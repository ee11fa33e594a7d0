import { IsolatedConverter } from '@draftsmith/convert/process'
import { createDatabase } from '@draftsmith/db/client'
import { errorMessage } from '@draftsmith/db/errors'
import {
  conversionJobOptions,
  createRedisClient,
  openQueue,
  openWorker,
  queueBackendFor,
  queueNames,
  type AnyWorker,
  type ConversionJobData,
} from '@draftsmith/jobs'
import type { Logger } from 'pino'
import type { WorkerConfig } from './config.js'
import { conversionProcessor, SHUTDOWN, type ConversionOutcome } from './conversions/conversion-processor.js'
import { ActiveJobs } from './active-jobs.js'
import { Heartbeat } from './heartbeat.js'
import { maintenanceProcessor } from './maintenance/processor.js'
import { upsertMaintenanceSchedulers } from './maintenance/schedulers.js'
import { settlesWithin } from '@draftsmith/runtime/timeout'
import { shutdownSteps } from './shutdown-bounds.js'

export interface RunningWorker {
  /** This process's id in `worker_heartbeats`. */
  id: string
  conversions: AnyWorker<ConversionJobData, ConversionOutcome>
  /**
   * Stops taking jobs, lets active ones finish within the grace period, hands back the rest,
   * releases everything, within `shutdownBoundMs(grace)` whatever the queue library does.
   */
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
  const redis =
    backend.kind === 'redis' ? createRedisClient(backend.redisUrl, 'worker', { connectionName: clientName }) : undefined
  const converter = new IsolatedConverter({
    processes: config.concurrency,
    maxHeapMb: config.conversionMaxHeapMb,
    maxRssMb: config.conversionMaxRssMb,
    timeoutMs: config.conversionTimeoutMs,
    // A SIGTERM to the worker's process group is the worker's to handle: finish or hand back (issue 22).
    detached: true,
    limits: config.conversionLimits,
    onOutput: (line) => log.warn({ output: line.slice(0, 2000) }, 'a conversion process wrote to its output'),
  })
  const heartbeat = new Heartbeat(database.sql, backend.kind, config.heartbeatIntervalMs, (err) =>
    log.warn({ err }, 'heartbeat not written'),
  )

  const conversionsQueue = openQueue<ConversionJobData>(backend, queueNames.conversions, {
    redis,
    clientName,
    defaultJobOptions: conversionJobOptions,
  })
  const maintenanceQueue = openQueue(backend, queueNames.maintenance, { redis, clientName, poolSize: 2 })
  await upsertMaintenanceSchedulers(maintenanceQueue, config.maintenance)

  const active = new ActiveJobs()
  const conversions = openWorker(
    backend,
    queueNames.conversions,
    active.track(
      conversionProcessor({
        db: database.db,
        converter,
        ocrLanguages: config.conversionOcrLanguages,
        storageTotalBytes: config.storageTotalBytes,
        log,
      }),
    ),
    {
      redis,
      clientName,
      concurrency: config.concurrency,
      lockDuration: config.lockDurationMs,
      stalledInterval: config.stalledIntervalMs,
      autorun: false,
    },
  )
  const maintenance = openWorker(
    backend,
    queueNames.maintenance,
    active.track(maintenanceProcessor(database, conversionsQueue, config.maintenance, log)),
    {
      redis,
      clientName,
      concurrency: 1,
      autorun: false,
    },
  )
  conversions.on('completed', () => heartbeat.jobFinished('completed'))
  conversions.on('failed', (job, err) => {
    heartbeat.jobFinished('failed')
    log.info(
      { conversionId: job?.data.conversionId, attemptsMade: job?.attemptsMade, reason: errorMessage(err) },
      'conversion job failed',
    )
  })
  for (const worker of [conversions, maintenance]) worker.on('error', (err) => log.error({ err }, 'worker error'))
  // A BullMQ queue without an 'error' listener prints the error with console.error (QueueBase.emit
  // catches the throw of an unheard 'error'): on the PostgreSQL backend every idle connection a
  // PostgreSQL restart closed wrote a raw multi-line dump among the JSON logs (issue 22).
  for (const queue of [conversionsQueue, maintenanceQueue])
    queue.on('error', (err: Error) => log.warn({ err }, 'queue connection error'))

  await heartbeat.start()
  // The conversion processes exist (in their own process group) before the first job or signal.
  await converter.start()
  void conversions.run()
  void maintenance.run()
  log.info({ id: heartbeat.id, backend: backend.kind, concurrency: config.concurrency }, 'worker started')

  let closing: Promise<void> | undefined
  /**
   * Every wait below has its own ref'd timer: BullMQ's close() can wait forever on a
   * connection event (a frozen or vanished Redis, ioredis never emitting `end`), and a second
   * `close(true)` only returns that same pending promise. So the worker waits for its own
   * processors, not for the library, and cuts the connections when the library is late.
   */
  async function shutdown(): Promise<void> {
    log.info(
      { graceMs: config.shutdownGraceMs, activeJobs: active.size },
      'stopping: no new jobs, active ones may finish',
    )
    const workers = [conversions, maintenance]
    const draining = Promise.all(workers.map((w) => w.close()))
    if (!(await settlesWithin(active.idle(), config.shutdownGraceMs))) {
      log.warn({ activeJobs: active.size }, 'grace period over: handing the active jobs back to the queue')
      for (const worker of workers) worker.cancelAllJobs(SHUTDOWN)
      if (!(await settlesWithin(active.idle(), shutdownSteps.handBackMs))) {
        log.warn(
          { activeJobs: active.size },
          'the queue did not confirm the hand-back in time: those jobs return through the stalled-job check',
        )
      }
    }
    if (!(await settlesWithin(draining, shutdownSteps.closeMs))) {
      log.warn('the queue library did not finish closing: disconnecting it')
      await settlesWithin(Promise.allSettled(workers.map((w) => w.disconnect())), shutdownSteps.disconnectMs)
    }
    await settlesWithin(
      Promise.allSettled([heartbeat.stop(), converter.close(), conversionsQueue.close(), maintenanceQueue.close()]),
      shutdownSteps.cleanupMs,
    )
    redis?.disconnect()
    await settlesWithin(database.close(shutdownSteps.databaseMs / 1000), shutdownSteps.databaseMs)
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
