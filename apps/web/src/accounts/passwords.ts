import { hash, verify } from '@node-rs/argon2'

/** argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane). `Algorithm` is a const enum: 2 = Argon2id. */
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, options)
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false)
}

let dummyHash: Promise<string> | undefined

/** Spends the time of a real verification when the account does not exist (no user enumeration by timing). */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('not a real password, only here to spend the same time')
  await verifyPassword(await dummyHash, password)
}
