#!/usr/bin/env node
// The bin must exist before the first build, so it only loads the built CLI: bundled into one
// module (scripts/bundle.mjs), which loads several times faster than tsc's tree of files (ADR 094).
let cli
try {
  cli = await import('../dist/cli.bundle.js')
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.bundle.js')) throw error
  console.error('migration-check: not built yet — next: run `pnpm build` first')
  process.exit(1)
}
const code = await cli.main(process.argv.slice(2))
process.exitCode = code
// A half-open socket must not keep a predeploy alive after it has decided.
setTimeout(() => process.exit(code), 2000).unref()
