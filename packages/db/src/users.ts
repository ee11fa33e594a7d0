import { eq, sql } from 'drizzle-orm'
import type { Db } from './client.js'
import { users, type NewUser, type User } from './schema/users.js'

/** The account's role as it is now, or `undefined` when the account no longer exists. */
export async function findUserRole(db: Db, id: string): Promise<User['role'] | undefined> {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, id))
  return row?.role
}

/** The account with this email, compared case-insensitively (as the unique index is). */
export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email.trim()})`)
    .limit(1)
  return row
}

/** Creates the account; `undefined` when the email already has one. */
export async function insertUser(
  db: Db,
  user: Pick<NewUser, 'email' | 'passwordHash' | 'role'>,
): Promise<User | undefined> {
  const [row] = await db
    .insert(users)
    .values({ ...user, email: user.email.trim() })
    .onConflictDoNothing()
    .returning()
  return row
}

/**
 * Creates an admin account, never taking over an existing one: false when the email (compared
 * case-insensitively, as the unique index on lower(email) is, which drizzle's onConflict cannot
 * target) already has an account.
 */
export async function insertAdminIfAbsent(
  db: Pick<Db, 'execute'>,
  email: string,
  passwordHash: string,
): Promise<boolean> {
  const created = await db.execute(sql`
    insert into ${users} (email, password_hash, role) values (${email}, ${passwordHash}, 'admin')
    on conflict ((lower(email))) do nothing returning id`)
  return created.length > 0
}
