import type { Sql } from 'postgres'

/** One worker process's row, written every heartbeat interval. */
export interface Beat {
  id: string
  hostname: string
  pid: number
  backend: string
  lastJobFinishedAt: Date | null
  jobsCompleted: number
  jobsFailed: number
}

export async function recordBeat(sql: Sql, beat: Beat): Promise<void> {
  await sql`
    insert into worker_heartbeats (id, hostname, pid, backend, last_beat_at, last_job_finished_at, jobs_completed, jobs_failed)
    values (${beat.id}, ${beat.hostname}, ${beat.pid}, ${beat.backend}, now(), ${beat.lastJobFinishedAt}, ${beat.jobsCompleted}, ${beat.jobsFailed})
    on conflict (id) do update set last_beat_at = now(), last_job_finished_at = excluded.last_job_finished_at,
      jobs_completed = excluded.jobs_completed, jobs_failed = excluded.jobs_failed`
}

export async function recordStopped(sql: Sql, id: string): Promise<void> {
  await sql`update worker_heartbeats set stopped_at = now() where id = ${id}`
}

export interface WorkersStatus {
  /** Workers that beat within the last minute and did not stop. */
  alive: number
  lastBeatAt: string | null
  lastJobFinishedAt: string | null
  jobsCompleted: number
  jobsFailed: number
}

/** What the workers' heartbeats say, for /ready and /api/ops/queues. */
export async function workersStatus(sql: Sql): Promise<WorkersStatus> {
  const [row] = await sql<
    Array<{
      alive: number
      last_beat_at: string | null
      last_job_finished_at: string | null
      completed: number
      failed: number
    }>
  >`
    select count(*) filter (where stopped_at is null and last_beat_at > now() - interval '1 minute')::int as alive,
      max(last_beat_at) as last_beat_at, max(last_job_finished_at) as last_job_finished_at,
      coalesce(sum(jobs_completed), 0)::int as completed, coalesce(sum(jobs_failed), 0)::int as failed
    from worker_heartbeats`
  const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null)
  return {
    alive: row?.alive ?? 0,
    lastBeatAt: iso(row?.last_beat_at),
    lastJobFinishedAt: iso(row?.last_job_finished_at),
    jobsCompleted: row?.completed ?? 0,
    jobsFailed: row?.failed ?? 0,
  }
}
