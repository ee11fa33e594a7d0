export { migrationsFixture, repoMigrationsDir, type MigrationsFixture } from './migrations-fixture.js'
export { baseEnv, runNode, type ProcessResult } from './run-process.js'
export { adminUrl, createTestDatabase, urlFor, type TestDatabase } from './test-database.js'
export { freePort, sharedRedisUrl, startPrivateRedis, uniquePrefix, type PrivateRedis } from './redis.js'
