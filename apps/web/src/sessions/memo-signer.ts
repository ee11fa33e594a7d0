import { Signer } from '@fastify/cookie'
import { LRUCache } from 'lru-cache'

type UnsignResult = ReturnType<Signer['unsign']>

/**
 * @fastify/cookie's signer, remembering recent verified cookies. A signed-in request costs two
 * HMACs in @fastify/session — verifying the cookie, then signing the same id again when the
 * session is restored — and both have the same answer for the same cookie every time.
 *
 * Only cookies that verified are remembered, so forged cookies cannot push real ones out, and
 * the ids of brand-new sessions (signed once, never seen again) are not kept either.
 */
export class MemoSigner {
  private readonly signer: Signer
  /** signed cookie → its verification */
  private readonly verified: LRUCache<string, UnsignResult>
  /** session id → its cookie under the current secret (from cookies that verified) */
  private readonly signed: LRUCache<string, string>

  constructor(secrets: string[], maxEntries = 10_000) {
    this.signer = new Signer(secrets, 'sha256')
    this.verified = new LRUCache({ max: maxEntries })
    this.signed = new LRUCache({ max: maxEntries })
  }

  sign(value: string): string {
    return this.signed.get(value) ?? this.signer.sign(value)
  }

  unsign(input: string): UnsignResult {
    const known = this.verified.get(input)
    if (known !== undefined) return known
    const result = this.signer.unsign(input)
    if (result.valid) {
      this.verified.set(input, result)
      // Signed by an older secret: the current signature differs, so there is nothing to reuse.
      if (!result.renew && result.value !== null) this.signed.set(result.value, input)
    }
    return result
  }
}
