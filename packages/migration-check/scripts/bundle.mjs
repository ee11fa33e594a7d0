// The predeploy as one ES module and a few lazily loaded chunks, in dist/ beside tsc's output
// (ADR 094). A no-op predeploy was mostly Node resolving and reading ~150 small modules
// (postgres.js, @draftsmith/db, drizzle-orm's layers): one file loads in a fraction of that.
// Chunks stay in dist/ itself so every `import.meta.url` the code resolves from (the default
// migrations folder, the verification fingerprint's files) means what it means in tsc's output.
// libpg-query (WebAssembly beside its module) and BullMQ (its migrator is required by path) stay
// packages, loaded only by the commands that need them.
import { build } from 'esbuild'
import { rmSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
for (const name of readdirSync(dist)) if (name.startsWith('bundle-')) rmSync(`${dist}${name}`)
await build({
  entryPoints: { 'cli.bundle': `${dist}cli.js` },
  outdir: dist,
  chunkNames: 'bundle-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['libpg-query', 'bullmq', 'bullmq/*'],
  logLevel: 'warning',
})
