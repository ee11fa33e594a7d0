import { eq } from 'drizzle-orm'
import type { Db } from './client.js'
import { users, type User } from './schema/users.js'

/** The account's role as it is now, or `undefined` when the account no longer exists. */
export async function findUserRole(db: Db, id: string): Promise<User['role'] | undefined> {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, id))
  return row?.role
}
