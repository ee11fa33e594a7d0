import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'

/**
 * Issue 18: a conversion process loads the engine and the process pool's own code, nothing of
 * the worker's (no queue, no database: BullMQ and drizzle made every child start in over a
 * second). The engine's own boundaries test (packages/convert) keeps it free of them in turn;
 * `pnpm --filter @draftsmith/bench run child-start` measures the start.
 */
t.test('the conversion process imports the engine and workerpool, and nothing else', async (t) => {
  const child = readFileSync(
    fileURLToPath(new URL('../../src/conversions/converter-child.ts', import.meta.url)),
    'utf8',
  )
  const imported = [...child.matchAll(/^import\b[^;]*?from\s+'([^']+)'/gm)].map((match) => match[1])
  t.ok(imported.length > 0, 'its imports were read')
  for (const specifier of imported)
    t.match(specifier, /^(@draftsmith\/convert(\/[a-z]+)?|workerpool)$/, `${specifier} is the engine or the pool`)
})
