import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import ts from 'typescript'

// `pnpm dev` once failed on a fresh clone for eighty commits because the file that broke was in
// no type-checked program (issue 16). The root program must hold every TypeScript file.
const root = fileURLToPath(new URL('..', import.meta.url))

t.test('pnpm typecheck checks every TypeScript file in the repository', async (t) => {
  const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  t.same(parsed.errors, [], 'tsconfig.json parses')
  const checked = new Set(parsed.fileNames.map((file) => file.slice(root.length)))
  const tracked = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mts', '*.cts', '*.tsx'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((file) => file !== '' && !file.startsWith('fixtures/') && !file.startsWith('bench/fidelity/corpus/'))
  t.ok(tracked.length > 100, `found the repository's TypeScript (${tracked.length} files)`)
  t.same(
    tracked.filter((file) => !checked.has(file)),
    [],
    'no TypeScript file is left out of tsconfig.json',
  )

  const scripts = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> })
    .scripts
  t.equal(scripts.typecheck, 'tsc -p tsconfig.json', '`pnpm typecheck` checks that program')
  // pnpm runs the scripts a regex names in parallel: type-check, lint and build, then the suite.
  t.match(
    scripts.test,
    /^pnpm run '\/\^\([a-z|]*\btypecheck\b[a-z|]*\)\$\/' && tap$/,
    '`pnpm test` type-checks before the suite',
  )
})
