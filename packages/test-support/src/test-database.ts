import { randomBytes } from 'node:crypto'
import { createDatabase, type Database } from '@draftsmith/db/client'
import postgres from 'postgres'

/** Where test databases are created. CI and this machine: trust auth as `root`. */
export const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres'

export interface TestDatabase extends Database {
  name: string
  /** A URL for the new database, e.g. to pass as DATABASE_URL to a child process. */
  databaseUrl: string
}

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

/** A URL for `database` on the admin server, with the admin's credentials. */
export function urlFor(database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/**
 * Creates an empty database for one test file (so files can run in parallel) and drops it when
 * the test ends. The name says which file made it, for whoever finds a leftover.
 */
export async function createTestDatabase(
  t: Teardown,
  label: string,
  options: {
    /** A database to copy (`CREATE DATABASE … TEMPLATE`). @default an empty database */
    template?: string
  } = {},
): Promise<TestDatabase> {
  const name = `ds_${label
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`create database "${name}"${options.template ? ` template "${options.template}"` : ''}`)
  } finally {
    await admin.end()
  }
  const databaseUrl = urlFor(name)
  const database = createDatabase(databaseUrl, { applicationName: `test:${label}`, max: 5 })
  t.teardown(async () => {
    await database.close(1)
    const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} })
    try {
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`)
    } finally {
      await cleanup.end()
    }
  })
  return { ...database, name, databaseUrl }
}
