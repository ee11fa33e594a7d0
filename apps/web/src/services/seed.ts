import type { Db } from '@draftsmith/db/client'
import { seedRuns, users } from '@draftsmith/db/schema'
import { sql } from 'drizzle-orm'
import { hashPassword } from './passwords.js'

export type SeedOutcome = { ran: true; email: string } | { ran: false; ranAt: Date; details: Record<string, unknown> }

export class SeedInputError extends Error {
  override name = 'SeedInputError'
}

/**
 * The one-time admin seed. Recorded in `seed_runs` in the same transaction, so it runs once per
 * database however often (or however concurrently) it is invoked — and never at boot.
 */
export async function seedAdmin(db: Db, email: string | undefined, password: string | undefined): Promise<SeedOutcome> {
  return db.transaction(async (tx) => {
    // Taking the seed's row first makes a concurrent run wait here, then see it as done.
    const [claimed] = await tx.insert(seedRuns).values({ name: 'admin' }).onConflictDoNothing().returning()
    if (claimed === undefined) {
      const [previous] = await tx.select().from(seedRuns).where(sql`${seedRuns.name} = 'admin'`)
      return { ran: false, ranAt: previous?.ranAt ?? new Date(0), details: previous?.details ?? {} }
    }
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new SeedInputError('DEFAULT_ADMIN_EMAIL must be set to an email address')
    if (!password || password.length < 10) throw new SeedInputError('DEFAULT_ADMIN_PASSWORD must be set, at least 10 characters')
    const passwordHash = await hashPassword(password)
    // Never an existing account: whoever signed up with this email first would keep every session
    // (and the password they chose, until replaced) on what becomes the admin account. The unique
    // index is on lower(email), which drizzle's onConflict cannot target.
    const created = await tx.execute(sql`
      insert into ${users} (email, password_hash, role) values (${email}, ${passwordHash}, 'admin')
      on conflict ((lower(email))) do nothing returning id`)
    if (created.length === 0) {
      throw new SeedInputError(
        `an account with the email ${email} already exists, and the seed never takes over an existing account (anyone can sign up with any address); set DEFAULT_ADMIN_EMAIL to an address without an account, or, if you own that account, make it admin by hand`,
      )
    }
    await tx.update(seedRuns).set({ details: { email } }).where(sql`${seedRuns.name} = 'admin'`)
    return { ran: true, email }
  })
}
