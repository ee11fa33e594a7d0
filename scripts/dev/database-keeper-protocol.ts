/** What the database keeper tells `pnpm dev` over their IPC channel; `pnpm dev` only ever sends "stop". */
export type KeeperMessage =
  { kind: 'log'; line: string } | { kind: 'ready'; databaseUrl: string } | { kind: 'failed'; message: string }
