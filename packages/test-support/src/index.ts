export {
  migrationsFixture,
  repoMigrationsDir,
  repoMigrationTags,
  type MigrationsFixture,
} from './migrations-fixture.js'
export {
  baseEnv,
  runNode,
  startNode,
  type ProcessResult,
  type RunNodeOptions,
  type RunningNode,
} from './run-process.js'
export { adminUrl, createTestDatabase, urlFor, type TestDatabase } from './test-database.js'
export { migratedDatabase } from './migrated-database.js'
export { freePort, sharedRedisUrl, startPrivateRedis, uniquePrefix, type PrivateRedis } from './redis.js'
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js'
export {
  handMadePdf,
  manyPicturesPdf,
  nestedListMarkdown,
  nestedQuotesMarkdown,
  predictorPicture,
  predictorPicturePdf,
  zeroPicture,
  type PdfPage,
  type PdfPicture,
} from './hostile-documents.js'
