import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { KeeperMessage } from './database-keeper-protocol.js'

export interface KeptDatabase {
  databaseUrl: string
  /** Stops PostgreSQL and waits for the keeper to exit. */
  stop: () => Promise<void>
}

const keeper = fileURLToPath(new URL('./database-keeper.ts', import.meta.url))

/**
 * Starts the embedded PostgreSQL through the keeper (database-keeper.ts), detached into its own
 * process group so that Ctrl-C reaches the services first and the database last.
 */
export function startKeptDatabase(dataDir: string, port: number, log: (line: string) => void): Promise<KeptDatabase> {
  const child = fork(keeper, [dataDir, String(port)], {
    detached: true,
    execArgv: ['--import', 'tsx', '--conditions=@draftsmith/source'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    child.on('message', (message: KeeperMessage) => {
      if (message.kind === 'log') log(message.line)
      else if (message.kind === 'failed') reject(new Error(message.message))
      else
        resolve({
          databaseUrl: message.databaseUrl,
          stop: async () => {
            if (child.connected) child.send('stop')
            await exited
          },
        })
    })
    child.once('exit', (code) =>
      reject(new Error(`the embedded PostgreSQL's keeper exited (${code}) before it was ready`)),
    )
  })
}
