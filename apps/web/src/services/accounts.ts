import { proposals, users, type User } from '@draftsmith/db/schema'
import type { Db } from '@draftsmith/db/client'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { SessionUser } from '../sessions/session-record.js'
import { burnVerification, hashPassword, verifyPassword } from './passwords.js'

export function toSessionUser(user: Pick<User, 'id' | 'email' | 'role'>): SessionUser {
  return { id: user.id, email: user.email, role: user.role }
}

export class EmailTakenError extends Error {
  constructor() {
    super('an account with this email already exists')
  }
}

const UNIQUE_VIOLATION = '23505'

export async function createAccount(db: Db, email: string, password: string, role: 'user' | 'admin' = 'user'): Promise<SessionUser> {
  const passwordHash = await hashPassword(password)
  try {
    const [user] = await db.insert(users).values({ email: email.trim(), passwordHash, role }).returning()
    return toSessionUser(user as User)
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code
    if (code === UNIQUE_VIOLATION) throw new EmailTakenError()
    throw error
  }
}

/** The account for these credentials, or undefined; takes the same time either way. */
export async function authenticate(db: Db, email: string, password: string): Promise<SessionUser | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email.trim()})`)
    .limit(1)
  if (user === undefined) {
    await burnVerification(password)
    return undefined
  }
  return (await verifyPassword(user.passwordHash, password)) ? toSessionUser(user) : undefined
}

/** Anonymous proposals of this visitor become the account's (on signup and login). */
export async function claimVisitorProposals(db: Db, visitorId: string | undefined, userId: string): Promise<number> {
  if (visitorId === undefined) return 0
  const claimed = await db
    .update(proposals)
    .set({ ownerUserId: userId, updatedAt: new Date() })
    .where(and(eq(proposals.visitorSessionId, visitorId), isNull(proposals.ownerUserId)))
    .returning({ id: proposals.id })
  return claimed.length
}
