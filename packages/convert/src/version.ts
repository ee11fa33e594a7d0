import { readFileSync } from 'node:fs'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
}

/** The engine's version (its package's), as every report names it. */
export const engineVersion: string = manifest.version

/** `@draftsmith/convert 0.1.0`: written into every report, so a stored Markdown says what made it. */
export const engine = `${manifest.name} ${manifest.version}`
