import type { Database } from '@draftsmith/db/client'
import { DemoOwnerMissingError, loadDemoData } from '@draftsmith/db/demo-data'
import { SeedInputError } from './admin-seed.js'

/** More than this is not demo data any more: load tests belong in bench/. */
export const maxDemoProposals = 1_000_000

export const demoUsage = 'usage: pnpm db:seed [--demo <proposals> [--owner <email>]]'

/** `--demo N`: a whole number of proposals, 1 to {@link maxDemoProposals}. */
export function parseDemoCount(value: string): number {
  const count = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN
  if (!Number.isSafeInteger(count) || count < 1 || count > maxDemoProposals) {
    throw new SeedInputError(
      `--demo needs a number of proposals from 1 to ${maxDemoProposals}, not "${value}"\n${demoUsage}`,
    )
  }
  return count
}

/**
 * `pnpm db:seed --demo N [--owner EMAIL]`: N demo proposals with their conversions (see
 * `loadDemoData`), idempotent. Returns the line to print: what was loaded, and how fast.
 */
export async function seedDemo(database: Database, demo: string, ownerEmail: string | undefined): Promise<string> {
  const proposals = parseDemoCount(demo)
  try {
    const result = await loadDemoData(database.sql, { proposals, ownerEmail })
    const seconds = result.ms / 1000
    const rate = Math.round(result.copied / seconds).toLocaleString('en-US')
    const already = result.copied - result.inserted.proposals - result.inserted.conversions
    return `seed --demo: ${result.inserted.proposals} proposals and ${result.inserted.conversions} conversions added for ${result.ownerEmail} in ${seconds.toFixed(2)} s (${rate} rows/s through COPY); ${already} rows were already there`
  } catch (error) {
    if (error instanceof DemoOwnerMissingError) throw new SeedInputError(error.message)
    throw error
  }
}
