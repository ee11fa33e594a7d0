import { defineConfig } from 'drizzle-kit'

// Paths are relative to the directory drizzle-kit is run from: the repository root
// (`pnpm db:generate`).
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/db/src/schema/index.ts',
  out: './drizzle',
  // Same ledger the predeploy writes, so `drizzle-kit migrate` stays usable.
  migrations: { schema: 'drizzle', table: '__drizzle_migrations' },
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/draftsmith' },
  strict: true,
  verbose: true,
})
