import type { Reporter } from '../reporter.js'
import type { SchemaTarget } from '../status.js'

export interface CommandOptions extends SchemaTarget {
  /** @default process.env */
  env?: Record<string, string | undefined>
  /** @default the repository's `drizzle/` */
  migrationsDir?: string
  /** @default silent */
  reporter?: Reporter
}
