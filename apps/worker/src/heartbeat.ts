import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { recordBeat, recordStopped } from '@draftsmith/db/heartbeats'
import type { Sql } from 'postgres'

/**
 * This process's row in `worker_heartbeats`, refreshed every interval: the web reports from it
 * whether a worker is alive and when it last finished a job.
 */
export class Heartbeat {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  private timer: NodeJS.Timeout | undefined
  private completed = 0
  private failed = 0
  private lastJobFinishedAt: Date | null = null

  constructor(
    private readonly sql: Sql,
    private readonly backend: string,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    await this.beat()
    this.timer = setInterval(() => void this.beat().catch(this.onError), this.intervalMs)
    this.timer.unref()
  }

  jobFinished(outcome: 'completed' | 'failed'): void {
    if (outcome === 'completed') this.completed++
    else this.failed++
    this.lastJobFinishedAt = new Date()
  }

  private async beat(): Promise<void> {
    await recordBeat(this.sql, {
      id: this.id,
      hostname: hostname(),
      pid: process.pid,
      backend: this.backend,
      lastJobFinishedAt: this.lastJobFinishedAt,
      jobsCompleted: this.completed,
      jobsFailed: this.failed,
    })
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.beat().catch(this.onError)
    await recordStopped(this.sql, this.id).catch(this.onError)
  }
}
