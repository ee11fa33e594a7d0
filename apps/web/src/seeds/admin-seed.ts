import type { Db } from '@draftsmith/db/client'
import { runOnce } from '@draftsmith/db/seed-runs'
import { insertAdminIfAbsent } from '@draftsmith/db/users'
import { hashPassword } from '../accounts/passwords.js'

export type SeedOutcome = { ran: true; email: string } | { ran: false; ranAt: Date; details: Record<string, unknown> }

export class SeedInputError extends Error {
  override name = 'SeedInputError'
}

/**
 * The one-time admin seed. Recorded in `seed_runs` in the same transaction, so it runs once per
 * database however often (or however concurrently) it is invoked — and never at boot.
 */
export async function seedAdmin(db: Db, email: string | undefined, password: string | undefined): Promise<SeedOutcome> {
  const run = await runOnce(db, 'admin', async (tx) => {
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
      throw new SeedInputError('DEFAULT_ADMIN_EMAIL must be set to an email address')
    if (!password || password.length < 10)
      throw new SeedInputError('DEFAULT_ADMIN_PASSWORD must be set, at least 10 characters')
    // Never an existing account: whoever signed up with this email first would keep every session
    // (and the password they chose, until replaced) on what becomes the admin account.
    if (!(await insertAdminIfAbsent(tx, email, await hashPassword(password)))) {
      throw new SeedInputError(
        `an account with the email ${email} already exists, and the seed never takes over an existing account (anyone can sign up with any address); set DEFAULT_ADMIN_EMAIL to an address without an account, or, if you own that account, make it admin by hand`,
      )
    }
    return { result: email, details: { email } }
  })
  return run.ran ? { ran: true, email: run.result } : run
}
