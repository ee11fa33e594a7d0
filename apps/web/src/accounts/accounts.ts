import type { Db } from '@draftsmith/db/client'
import type { User } from '@draftsmith/db/schema'
import { findUserByEmail, insertUser } from '@draftsmith/db/users'
import type { SessionUser } from '../sessions/session-record.js'
import { burnVerification, hashPassword, verifyPassword } from './passwords.js'

export function toSessionUser(user: Pick<User, 'id' | 'email' | 'role'>): SessionUser {
  return { id: user.id, email: user.email, role: user.role }
}

/** For seeds and tests: an account, created or refused when the email is taken. */
export async function createAccount(
  db: Db,
  email: string,
  password: string,
  role: User['role'] = 'user',
): Promise<SessionUser> {
  const user = await insertUser(db, { email, passwordHash: await hashPassword(password), role })
  if (user === undefined) throw new Error(`an account with the email ${email} already exists`)
  return toSessionUser(user)
}

export type SignUpOutcome = { kind: 'created' | 'signed-in'; user: SessionUser } | { kind: 'refused' }

/**
 * Sign-up that does not say whether an email has an account. A new email gets one. An email
 * that has one is a sign-in: the right password signs its owner in (the same answer as a new
 * account), a wrong one is refused the way a failed sign-in is. Either way one argon2id
 * computation runs, so the time taken tells nothing either.
 */
export async function signUp(db: Db, email: string, password: string): Promise<SignUpOutcome> {
  let existing = await findUserByEmail(db, email)
  if (existing === undefined) {
    const passwordHash = await hashPassword(password)
    const created = await insertUser(db, { email, passwordHash, role: 'user' })
    if (created !== undefined) return { kind: 'created', user: toSessionUser(created) }
    // Someone signed up with the same email a moment ago.
    existing = await findUserByEmail(db, email)
    if (existing === undefined) return { kind: 'refused' }
  }
  return (await verifyPassword(existing.passwordHash, password))
    ? { kind: 'signed-in', user: toSessionUser(existing) }
    : { kind: 'refused' }
}

/** The account for these credentials, or undefined; takes the same time either way. */
export async function authenticate(db: Db, email: string, password: string): Promise<SessionUser | undefined> {
  const user = await findUserByEmail(db, email)
  if (user === undefined) {
    await burnVerification(password)
    return undefined
  }
  return (await verifyPassword(user.passwordHash, password)) ? toSessionUser(user) : undefined
}
