import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api'
import * as schema from '@draftsmith/db/schema'

const repoMigrationsDir = fileURLToPath(new URL('../../../drizzle', import.meta.url))

t.test('the committed migrations match the Drizzle schema: generating again yields nothing', async (t) => {
  const metaDir = join(repoMigrationsDir, 'meta')
  const latest = readdirSync(metaDir)
    .filter((f) => f.endsWith('_snapshot.json'))
    .sort()
    .at(-1)
  t.ok(latest, 'there is a snapshot')
  const previous = JSON.parse(readFileSync(join(metaDir, latest as string), 'utf8'))
  const current = generateDrizzleJson(schema, previous.id)
  const statements = await generateMigration(previous, current)
  t.same(statements, [], 'run `pnpm db:generate` and commit the new migration')
})

t.test('the check can fail: a schema change shows up as statements', async (t) => {
  const metaDir = join(repoMigrationsDir, 'meta')
  const latest = readdirSync(metaDir)
    .filter((f) => f.endsWith('_snapshot.json'))
    .sort()
    .at(-1) as string
  const previous = JSON.parse(readFileSync(join(metaDir, latest), 'utf8'))
  const { pgTable, text } = await import('drizzle-orm/pg-core')
  const changed = { ...schema, extra: pgTable('extra_table', { note: text('note') }) }
  const statements = await generateMigration(previous, generateDrizzleJson(changed, previous.id))
  t.match(statements.join('\n'), /CREATE TABLE "extra_table"/)
})
