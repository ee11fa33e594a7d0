import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import madge from 'madge'
import t from 'tap'

/**
 * No module imports itself back, type-only imports included: a cycle hides which part depends on
 * which (the engine's writer, its tables and its raw HTML once imported each other). madge reads
 * every import (`import type` too) and resolves them as TypeScript does.
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const folders = [
  'packages/convert/src',
  'packages/db/src',
  'packages/jobs/src',
  'packages/runtime/src',
  'packages/migration-check/src',
  'packages/test-support/src',
  'apps/web/src',
  'apps/worker/src',
  'bench',
  'scripts',
]

async function graph(folder: string) {
  return madge(folder, {
    fileExtensions: ['ts'],
    tsConfig: join(root, 'tsconfig.json'),
    excludeRegExp: [/node_modules/, /\/dist\//, /\/corpus\//],
    detectiveOptions: { ts: { skipTypeImports: false } },
  })
}

t.test('the check finds a cycle made of type-only imports', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cycles-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js'\nexport interface A { b: B }\n")
  writeFileSync(join(dir, 'b.ts'), "import type { A } from './a.js'\nexport interface B { a: A }\n")
  t.same((await graph(dir)).circular(), [['a.ts', 'b.ts']])
})

for (const folder of folders) {
  t.test(`${folder} has no import cycle`, async (t) => {
    const result = await graph(join(root, folder))
    t.ok(Object.keys(result.obj()).length > 0, 'its modules were read')
    t.same(result.circular(), [])
    // A relative import madge could not resolve is an edge it cannot see: none may be left out.
    // (Packages, ours included, are not followed: a cycle between packages is pnpm's to refuse.)
    t.same(
      result.warnings().skipped.filter((specifier) => specifier.startsWith('.')),
      [],
      'every relative import resolved',
    )
  })
}
