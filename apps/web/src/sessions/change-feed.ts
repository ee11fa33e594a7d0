import { randomUUID } from 'node:crypto'
import { createDatabase, type Database } from '@draftsmith/db/client'
import { SESSION_CHANNEL, SessionQueries } from '@draftsmith/db/sessions'

export interface ChangeFeedHandlers {
  /** Another instance changed or revoked this session. */
  changed(id: string): void
  /** Listening (again): whatever was missed is unknown, start from nothing. */
  up(): void
  /** Not listening: stop trusting anything cached locally. */
  down(): void
}

/**
 * Postgres LISTEN/NOTIFY on a dedicated connection, so every web instance hears about session
 * changes made by the others. Its own connection (not postgres.js' `listen()`, which
 * re-subscribes silently) so that a dropped connection is noticed at once and the local cache
 * turned off until the feed listens again.
 */
export class SessionChangeFeed {
  /** Identifies this process's own notifications, which it can ignore. */
  readonly instance = randomUUID()
  private readonly database: Database
  private stopped = false
  private retry: NodeJS.Timeout | undefined

  constructor(
    databaseUrl: string,
    private readonly handlers: ChangeFeedHandlers,
  ) {
    this.database = createDatabase(databaseUrl, {
      applicationName: 'draftsmith-web-sessions-feed',
      max: 1,
      postgres: {
        idle_timeout: 0,
        max_lifetime: null,
        fetch_types: false,
        onnotify: (channel: string, payload: string) => {
          if (channel !== SESSION_CHANNEL) return
          const bar = payload.indexOf('|')
          if (payload.slice(0, bar) !== this.instance) this.handlers.changed(payload.slice(bar + 1))
        },
        onclose: () => {
          this.handlers.down()
          this.schedule(0)
        },
      } as never,
    })
  }

  start(): void {
    this.schedule(0)
  }

  private schedule(attempt: number): void {
    if (this.stopped || this.retry) return
    this.retry = setTimeout(
      () => {
        this.retry = undefined
        new SessionQueries(this.database.sql).listen().then(
          () => !this.stopped && this.handlers.up(),
          () => this.schedule(attempt + 1),
        )
      },
      attempt === 0 ? 0 : Math.min(200 * 2 ** attempt, 5000),
    )
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.retry)
    this.handlers.down()
    await this.database.close(1)
  }
}
