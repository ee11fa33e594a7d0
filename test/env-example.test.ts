import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import ts from 'typescript'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Where the code that reads the environment lives: the services, their CLIs and helpers, `pnpm
 * dev`, and the tests with their helpers. Not bench/: its knobs (BENCH_RUNS…) are documented
 * with it.
 */
const sourceRoots = ['apps', 'packages', 'scripts', 'test']
/** Set by the operating system, not by whoever deploys. */
const fromTheSystem = new Set(['PATH', 'HOME'])
/** Set by the worker for the conversion processes it starts (from CONVERSION_MAX_RSS_MB), never by people. */
const betweenOurProcesses = new Set(['DRAFTSMITH_CONVERSION_MAX_RSS_MB'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (entry === 'node_modules' || entry === 'dist' || entry === 'public') return []
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|js|cjs|mjs)$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : []
  })
}

const envName = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/

/**
 * Every environment variable a source file reads, found in its syntax tree:
 * - the keys of a TypeBox schema bound to a name ending in `Env` (`const Env = Type.Object({…})`),
 *   which `readEnv` validates — the services' configs;
 * - `process.env.X`, `process.env['X']`, and the same on anything called `env` (a config loader's
 *   parameter);
 * - `{ name: 'X_Y' }` settings tables (the predeploy's numeric settings).
 */
export function envReads(code: string, fileName = 'source.ts'): Set<string> {
  const found = new Set<string>()
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true)
  const isEnvObject = (node: ts.Expression): boolean =>
    (ts.isIdentifier(node) && node.text === 'env') ||
    (ts.isPropertyAccessExpression(node) &&
      node.name.text === 'env' &&
      ts.isIdentifier(node.expression) &&
      ['process', 'options'].includes(node.expression.text))
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isEnvObject(node.expression) && envName.test(node.name.text))
      found.add(node.name.text)
    if (
      ts.isElementAccessExpression(node) &&
      isEnvObject(node.expression) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      envName.test(node.argumentExpression.text)
    ) {
      found.add(node.argumentExpression.text)
    }
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      /Env$/.test(node.name.text) &&
      node.initializer &&
      ts.isCallExpression(node.initializer)
    ) {
      const [shape] = node.initializer.arguments
      if (
        node.initializer.expression.getText(source) === 'Type.Object' &&
        shape &&
        ts.isObjectLiteralExpression(shape)
      ) {
        for (const property of shape.properties)
          if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)))
            found.add(property.name.text)
      }
    }
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(source) === 'name' &&
      ts.isStringLiteralLike(node.initializer) &&
      envName.test(node.initializer.text) &&
      node.initializer.text.includes('_')
    ) {
      found.add(node.initializer.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Variable names `.env.example` documents: `NAME=…`, commented out or not. */
function documented(): Set<string> {
  const text = readFileSync(join(root, '.env.example'), 'utf8')
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!))
}

t.test('the scanner finds every way the code reads a variable (so this file can fail)', async (t) => {
  const code = `
    const Env = Type.Object({ SCHEMA_ONE: Type.String(), 'SCHEMA_TWO': Type.Integer() })
    const WebEnv = Type.Object({ SCHEMA_THREE: Type.Boolean() })
    const direct = process.env.DIRECT_READ ?? process.env['BRACKET_READ']
    function load(env) { return env.PARAM_READ + env['PARAM_BRACKET'] }
    const settings = { a: { name: 'TABLE_SETTING', fallback: 1 } }
    const notEnv = { name: 'Not an env var' }, other = thing.NOT_ENV
  `
  t.same([...envReads(code)].sort(), [
    'BRACKET_READ',
    'DIRECT_READ',
    'PARAM_BRACKET',
    'PARAM_READ',
    'SCHEMA_ONE',
    'SCHEMA_THREE',
    'SCHEMA_TWO',
    'TABLE_SETTING',
  ])
})

t.test('.env.example lists every variable the code reads, and nothing else', async (t) => {
  const readBy = new Map<string, string[]>()
  for (const dir of sourceRoots) {
    for (const file of sourceFiles(join(root, dir))) {
      for (const name of envReads(readFileSync(file, 'utf8'), file)) {
        if (!fromTheSystem.has(name) && !betweenOurProcesses.has(name))
          readBy.set(name, [...(readBy.get(name) ?? []), relative(root, file)])
      }
    }
  }
  t.ok(readBy.size > 40, `found ${readBy.size} variables (a scanner that finds nothing would pass anything)`)
  for (const expected of [
    'DATABASE_URL',
    'SESSION_SECRET',
    'WORKER_CONCURRENCY',
    'MIGRATION_LOCK_WAIT_S',
    'LOG_PRETTY',
    'DEFAULT_ADMIN_EMAIL',
  ]) {
    t.ok(readBy.has(expected), `the scanner sees ${expected}`)
  }
  const listed = documented()
  const missing = [...readBy]
    .filter(([name]) => !listed.has(name))
    .map(([name, files]) => `${name} (read in ${files.join(', ')})`)
  t.same(missing, [], 'read by the code but missing from .env.example')
  const stale = [...listed].filter((name) => !readBy.has(name))
  t.same(stale, [], 'listed in .env.example but read nowhere')
})
