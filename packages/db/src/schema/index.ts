// Importing the schema never opens a connection: the client lives in `@draftsmith/db/client`.
export * from './conversions.js'
export * from './proposals.js'
export * from './queue-schema.js'
export * from './required-columns.js'
export * from './seed-runs.js'
export * from './sessions.js'
export * from './users.js'
export * from './worker-heartbeats.js'
