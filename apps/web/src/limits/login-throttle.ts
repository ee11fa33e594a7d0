import type { RedisGuard } from '../redis/redis-guard.js'
import { ResilientLimiter } from './resilient-limiter.js'
import { tooManyRequests } from './too-many-requests.js'

export interface LoginThrottleOptions {
  /** Failed sign-ins one address may make, over all accounts, per window. */
  failuresPerAddress: number
  windowSeconds: number
  /** Failed sign-ins in a row for one account from one address before each further one waits. */
  failuresBeforeBackoff: number
  /** The longest wait the backoff reaches. */
  maxBackoffSeconds: number
}

/**
 * Slows password guessing without letting anyone lock an owner out of their account.
 *
 * Nothing is counted per account alone: that would let anyone lock any account (the admin's
 * included) by failing on purpose. Instead
 * - each **address** may fail a bounded number of times per window, over all accounts
 *   (credential stuffing from one place);
 * - each **account + address** pair may fail a few times in a row, then every further failure
 *   doubles a wait (1 s, 2 s, 4 s … up to the maximum) before that pair may try again. A success
 *   clears the pair. The owner, signing in from their own address, never meets the attacker's
 *   backoff.
 * Only failures count: a busy office behind one address signing in correctly is never throttled.
 */
export class LoginThrottle {
  private readonly byAddress: ResilientLimiter
  private readonly failuresInARow: ResilientLimiter
  private readonly backoff: ResilientLimiter

  constructor(
    private readonly options: LoginThrottleOptions,
    redis: RedisGuard | null,
    prefix: string,
  ) {
    this.byAddress = new ResilientLimiter(
      { name: 'login-failures-by-address', points: options.failuresPerAddress, durationSeconds: options.windowSeconds },
      redis,
      prefix,
    )
    // Failures in a row are remembered for a day; `points` is only a ceiling here, never reached first.
    this.failuresInARow = new ResilientLimiter(
      { name: 'login-failures-in-a-row', points: 1_000_000, durationSeconds: 86_400 },
      redis,
      prefix,
    )
    this.backoff = new ResilientLimiter(
      { name: 'login-backoff', points: 1, durationSeconds: options.maxBackoffSeconds },
      redis,
      prefix,
    )
  }

  private static pair(email: string, address: string): string {
    return `${email.trim().toLowerCase()}|${address}`
  }

  /** Throws a 429 when this address, or this account from this address, must wait. */
  async check(email: string, address: string): Promise<void> {
    const [fromAddress, waiting] = await Promise.all([
      this.byAddress.get(address),
      this.backoff.get(LoginThrottle.pair(email, address)),
    ])
    if (fromAddress !== null && fromAddress.consumed >= this.options.failuresPerAddress) {
      throw tooManyRequests('too many failed sign-ins from this address', Math.ceil(fromAddress.msBeforeNext / 1000))
    }
    if (waiting !== null && waiting.consumed > 0) {
      throw tooManyRequests(
        'too many failed sign-ins for this account from this address',
        Math.ceil(waiting.msBeforeNext / 1000),
      )
    }
  }

  async failed(email: string, address: string): Promise<void> {
    const pair = LoginThrottle.pair(email, address)
    const [, inARow] = await Promise.all([this.byAddress.consume(address), this.failuresInARow.consume(pair)])
    const failures = inARow.allowed ? 1_000_000 - inARow.remaining : 1_000_000
    const over = failures - this.options.failuresBeforeBackoff
    if (over > 0) await this.backoff.block(pair, Math.min(2 ** (over - 1), this.options.maxBackoffSeconds))
  }

  async succeeded(email: string, address: string): Promise<void> {
    const pair = LoginThrottle.pair(email, address)
    await Promise.all([this.failuresInARow.delete(pair), this.backoff.delete(pair)])
  }
}
