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

/** Server libraries: the engine is usable from any Node program and from its CLI without them. */
const server =
  /^(fastify|@fastify\/.*|bullmq|ioredis|redis|drizzle-orm|drizzle-kit|postgres|pg|workerpool|pino|pino-.*)$/

t.test('the engine depends on nothing of ours and on no server library', async (t) => {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  for (const dependency of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
    // Not even to test: @draftsmith/db imports the engine's types, so any workspace package here would make a cycle.
    t.notMatch(dependency, /^@draftsmith\//, `${dependency} is not a workspace package`)
    t.notMatch(dependency, server, `${dependency} is not a server library`)
  }
})

t.test('no source file imports a workspace package or a server library, or reads the environment', async (t) => {
  for (const file of sourceFiles(join(packageDir, 'src'))) {
    const text = readFileSync(file, 'utf8')
    const shown = file.slice(packageDir.length)
    for (const [, imported, loaded] of text.matchAll(
      /^(?:import|export)\b[^;]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'/gm,
    )) {
      const specifier = (imported ?? loaded) as string
      if (specifier.startsWith('.') || specifier.startsWith('#') || specifier.startsWith('node:')) continue
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!
      t.notMatch(name, /^@draftsmith\//, `${shown} imports ${specifier}`)
      t.notMatch(name, server, `${shown} imports ${specifier}`)
    }
    // A library takes its settings from its caller, not from the process it happens to run in;
    // the command line's entry is a program, and hands its environment to parseCommand.
    if (shown !== 'src/cli/main.ts') t.notMatch(text, /process\.env\b/, `${shown} reads no environment variable`)
    else t.same(text.match(/process\.env\b/g)?.length, 1, 'the command line reads its environment in one place')
  }
})

t.test('a source file over ~300 lines says at its top why it is one file', async (t) => {
  for (const file of sourceFiles(join(packageDir, 'src'))) {
    const text = readFileSync(file, 'utf8')
    const lines = text.split('\n').length
    if (lines <= 320) continue
    // The first comment, before the imports: what keeps the file whole (one walk, one state machine).
    t.match(text, /^\/\/ [^\n]*\blines\b/, `${file.slice(packageDir.length)} (${lines} lines) says why at its top`)
  }
})

t.test(
  'no source file spreads an array into Math.min, Math.max or push (V8 throws past ~120,000 arguments)',
  async (t) => {
    for (const file of sourceFiles(join(packageDir, 'src'))) {
      const code = readFileSync(file, 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '')
      t.notMatch(
        code,
        /Math\.(min|max)\(\s*\.\.\.|\.push\(\s*\.\.\./,
        `${file.slice(packageDir.length)}: least/greatest/appendAll`,
      )
    }
  },
)
