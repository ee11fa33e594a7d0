import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  )
}

t.test('the predeploy depends on @draftsmith/db only, never on Redis, sessions, web, worker or jobs', async (t) => {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
  }
  const workspaceDeps = Object.keys(pkg.dependencies).filter((d) => d.startsWith('@draftsmith/'))
  t.same(workspaceDeps, ['@draftsmith/db'])
  // bullmq only through its PostgreSQL migrator (see queue-schema.ts), never its entry point.
  const forbidden = /from '(ioredis|redis|bullmq|@fastify\/[^']+|fastify|@draftsmith\/(web|worker|jobs)[^']*)'/
  for (const file of sourceFiles(join(packageDir, 'src'))) {
    const text = readFileSync(file, 'utf8')
    t.notMatch(text, forbidden, `${file.slice(packageDir.length)} imports nothing forbidden`)
    t.notMatch(
      text,
      /\benv(\.|\[['"])(REDIS_URL|SESSION_SECRET)/,
      `${file.slice(packageDir.length)} reads no Redis or session setting`,
    )
  }
})
