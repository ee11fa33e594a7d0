import type { Sql } from 'postgres'

export interface WorkersStatus {
  /** Workers that beat within the last minute and did not stop. */
  alive: number
  lastBeatAt: string | null
  lastJobFinishedAt: string | null
  jobsCompleted: number
  jobsFailed: number
}

/** What the workers' heartbeats say (see apps/worker/src/heartbeat.ts). */
export async function workersStatus(sql: Sql): Promise<WorkersStatus> {
  const [row] = await sql<Array<{ alive: number; last_beat_at: string | null; last_job_finished_at: string | null; completed: number; failed: number }>>`
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
