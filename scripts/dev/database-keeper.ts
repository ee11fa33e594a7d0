/**
 * Keeps `pnpm dev`'s embedded PostgreSQL in a process group of its own. Ctrl-C signals the whole
 * foreground group at once; were PostgreSQL in it, it would shut down while the web and the worker
 * are still draining, and they would log the disconnect as errors. Here it waits for `pnpm dev` to
 * say "stop" once its services have exited — or for `pnpm dev` to vanish (the IPC channel closes,
 * even on SIGKILL), so no PostgreSQL outlives the command that started it.
 */
import { errorMessage } from '@draftsmith/db/errors'
import type { KeeperMessage } from './database-keeper-protocol.js'
import { startEmbeddedDatabase } from './embedded-database.js'

const [dataDir, port] = process.argv.slice(2)
const send = (message: KeeperMessage) => process.send?.(message)

try {
  const database = await startEmbeddedDatabase(dataDir ?? '.data', Number(port), (line) => send({ kind: 'log', line }))
  let stopping: Promise<void> | undefined
  const stop = () => (stopping ??= database.stop().finally(() => process.exit(0)))
  process.on('message', (message) => message === 'stop' && void stop())
  process.once('disconnect', () => void stop())
  // Signals meant for the group it left (a terminal closing) still end it cleanly.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop())
  send({ kind: 'ready', databaseUrl: database.databaseUrl })
} catch (error) {
  send({ kind: 'failed', message: errorMessage(error) })
  process.exit(1)
}
