/** The queue backend (Redis or PostgreSQL) did not accept the job in time: retry later (HTTP 503). */
export class QueueUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'QueueUnavailableError'
  }
}
