import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
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
    await this.sql`
      insert into worker_heartbeats (id, hostname, pid, backend, last_beat_at, last_job_finished_at, jobs_completed, jobs_failed)
      values (${this.id}, ${hostname()}, ${process.pid}, ${this.backend}, now(), ${this.lastJobFinishedAt}, ${this.completed}, ${this.failed})
      on conflict (id) do update set last_beat_at = now(), last_job_finished_at = excluded.last_job_finished_at,
        jobs_completed = excluded.jobs_completed, jobs_failed = excluded.jobs_failed`
  }

  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.beat().catch(this.onError)
    await this.sql`update worker_heartbeats set stopped_at = now() where id = ${this.id}`.catch(this.onError)
  }
}
