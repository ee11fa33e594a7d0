import type { Holdings, Usage } from '@draftsmith/db/usage'
import type { RedisGuard } from '../redis/redis-guard.js'
import { ResilientLimiter } from './resilient-limiter.js'
import { tooManyRequests } from './too-many-requests.js'

/** What one visitor or account, and one client address, may take of a public instance. */
export interface QuotaSettings {
  proposalsPerHour: number
  proposalsPerHourPerAddress: number
  /** Files. */
  uploadsPerMinute: number
  uploadsPerMinutePerAddress: number
  uploadBytesPerHourPerAddress: number
  /** Everything stored: uploads still kept, Markdown, assets. */
  storedBytes: number
  storedBytesPerAddress: number
  activeConversions: number
  activeConversionsPerAddress: number
  /** How long finished uploads are kept (the worker's retention): when stored bytes free up by themselves. */
  uploadRetentionDays: number
  /** How long an anonymous visitor's finished conversions are kept at all. */
  anonymousRetentionDays: number
}

/** A new visitor or account, and the address it comes from. */
export interface QuotaSubject {
  /** `user:<id>` or `visitor:<id>`; undefined for a visitor's very first action. */
  owner: string | undefined
  address: string
}

interface Count {
  limiter: ResilientLimiter
  key: string | undefined
  points: number
  /** Why the request is refused when this count is full. */
  detail: string
}

/**
 * Counts against several limits at once, or against none: every limit is read first, and only
 * when all have room is anything counted — a request refused by one limit spends nothing of the
 * others.
 */
async function countAll(counts: Count[]): Promise<void> {
  const applicable = counts.filter((c): c is Count & { key: string } => c.key !== undefined)
  const states = await Promise.all(applicable.map((c) => c.limiter.get(c.key)))
  applicable.forEach((count, i) => {
    const state = states[i]
    if (state && state.consumed + count.points > count.limiter.points)
      throw tooManyRequests(count.detail, Math.max(1, Math.ceil(state.msBeforeNext / 1000)))
  })
  for (const count of applicable) {
    const result = await count.limiter.consume(count.key, count.points)
    if (!result.allowed) throw tooManyRequests(count.detail, result.retryAfterSeconds)
  }
}

/**
 * How many conversions a new one queues behind, for the fair queue: what its owner has queued or
 * converting, or what its address has if that is more — so new cookie-less visitors from an
 * address with a backlog queue behind that backlog, not ahead of everyone else's first file.
 */
export function queuedAhead(usage: Usage): number {
  return Math.max(usage.owner.activeConversions, usage.address.activeConversions)
}

/** "12.5 MiB", "3.2 KiB", "800 bytes": sizes in a sentence. */
function size(bytes: number): string {
  if (bytes >= 1048576) return `${Math.round((bytes / 1048576) * 10) / 10} MiB`
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`
  return `${bytes} bytes`
}

/**
 * The fair share of one visitor or account. Everything is counted per owner and, because an
 * anonymous visitor can shed its cookie, per address as well: rates (proposals per hour, uploads
 * per minute) in the limiters, holdings (bytes stored, conversions queued) read from Postgres.
 * Over a quota the answer is 429 with Retry-After and nothing of the request is kept; what was
 * accepted before stays.
 */
export class Quotas {
  private readonly proposalsByOwner: ResilientLimiter
  private readonly proposalsByAddress: ResilientLimiter
  private readonly uploadsByOwner: ResilientLimiter
  private readonly uploadsByAddress: ResilientLimiter
  private readonly uploadBytesByAddress: ResilientLimiter

  constructor(
    readonly settings: QuotaSettings,
    redis: RedisGuard | null,
    prefix: string,
  ) {
    const limiter = (name: string, points: number, durationSeconds: number) =>
      new ResilientLimiter({ name, points, durationSeconds }, redis, prefix)
    this.proposalsByOwner = limiter('proposals-by-owner', settings.proposalsPerHour, 3600)
    this.proposalsByAddress = limiter('proposals-by-address', settings.proposalsPerHourPerAddress, 3600)
    this.uploadsByOwner = limiter('uploads-by-owner', settings.uploadsPerMinute, 60)
    this.uploadsByAddress = limiter('uploads-by-address', settings.uploadsPerMinutePerAddress, 60)
    this.uploadBytesByAddress = limiter('upload-bytes-by-address', settings.uploadBytesPerHourPerAddress, 3600)
  }

  /** Counts a new proposal. */
  async proposal(subject: QuotaSubject): Promise<void> {
    const { proposalsPerHour, proposalsPerHourPerAddress } = this.settings
    await countAll([
      {
        limiter: this.proposalsByOwner,
        key: subject.owner,
        points: 1,
        detail: `you have created ${proposalsPerHour} proposals in the last hour, the most one visitor or account may`,
      },
      {
        limiter: this.proposalsByAddress,
        key: subject.address,
        points: 1,
        detail: `this address has created ${proposalsPerHourPerAddress} proposals in the last hour, the most it may`,
      },
    ])
  }

  /** Before an upload's body is read: refuses at once what could not be accepted whatever it holds. */
  beforeUpload(usage: Usage): void {
    this.checkHoldings(usage, 1, 0)
  }

  /** Once the files are read: counts them and their bytes, all or nothing. */
  async upload(subject: QuotaSubject, usage: Usage, files: ReadonlyArray<{ size: number }>): Promise<void> {
    const bytes = files.reduce((sum, file) => sum + file.size, 0)
    this.checkHoldings(usage, files.length, bytes)
    const { uploadBytesPerHourPerAddress } = this.settings
    await countAll([
      ...this.documentCounts(subject, files.length, 'these documents would pass'),
      {
        limiter: this.uploadBytesByAddress,
        key: subject.address,
        points: bytes,
        detail: `these documents would pass the ${size(uploadBytesPerHourPerAddress)} an hour this address may upload`,
      },
    ])
  }

  /**
   * Retrying a failed conversion converts its document again: it needs room in the queue like an
   * upload, and counts against the documents one may send per minute (its bytes are stored already).
   */
  async retry(subject: QuotaSubject, usage: Usage): Promise<void> {
    this.checkHoldings(usage, 1, 0)
    await countAll(this.documentCounts(subject, 1, 'retrying this document would pass'))
  }

  private documentCounts(subject: QuotaSubject, documents: number, what: string): Count[] {
    const { uploadsPerMinute, uploadsPerMinutePerAddress } = this.settings
    return [
      {
        limiter: this.uploadsByOwner,
        key: subject.owner,
        points: documents,
        detail: `${what} the ${uploadsPerMinute} a minute one visitor or account may upload`,
      },
      {
        limiter: this.uploadsByAddress,
        key: subject.address,
        points: documents,
        detail: `${what} the ${uploadsPerMinutePerAddress} a minute this address may upload`,
      },
    ]
  }

  /**
   * Holdings are read from Postgres, per owner and per address: a visitor who sheds its cookie
   * comes back as a new owner, but from the same address. At least one document and one byte
   * must fit, whatever is added.
   */
  private checkHoldings(usage: Usage, documents: number, bytes: number): void {
    const s = this.settings
    const over = (held: number, adding: number, limit: number) => held + Math.max(adding, 1) > limit
    if (over(usage.owner.activeConversions, documents, s.activeConversions))
      throw this.queueFull(`you have ${s.activeConversions}`, 'one visitor or account')
    if (over(usage.address.activeConversions, documents, s.activeConversionsPerAddress))
      throw this.queueFull(`this address has ${s.activeConversionsPerAddress}`, 'one address, whoever uploads them,')
    if (over(usage.owner.storedBytes, bytes, s.storedBytes))
      throw this.storageFull(usage.owner, bytes, `your documents would take`, s.storedBytes, 'one visitor or account')
    if (over(usage.address.storedBytes, bytes, s.storedBytesPerAddress))
      throw this.storageFull(
        usage.address,
        bytes,
        'documents uploaded from this address would take',
        s.storedBytesPerAddress,
        'one address',
      )
  }

  private queueFull(who: string, whose: string) {
    return tooManyRequests(
      `${who} documents waiting to be converted or converting, the most ${whose} may have at once; nothing was stored. Upload more once some have finished`,
      30,
    )
  }

  /** Retry-After: when retention frees the first of what is held, by itself (an hour when nothing will). */
  private storageFull(held: Holdings, adding: number, what: string, limit: number, whose: string) {
    const { uploadRetentionDays, anonymousRetentionDays } = this.settings
    const day = 86_400_000
    const frees = [
      held.oldestKeptUploadAt && held.oldestKeptUploadAt.getTime() + uploadRetentionDays * day,
      held.oldestAnonymousAt && held.oldestAnonymousAt.getTime() + anonymousRetentionDays * day,
    ].filter((at): at is number => typeof at === 'number')
    const freedAt = frees.length > 0 ? Math.min(...frees) : Date.now() + 3_600_000
    const retryAfter = Math.max(60, Math.ceil((freedAt - Date.now()) / 1000))
    return tooManyRequests(
      `${what} ${size(held.storedBytes + adding)} of the ${size(limit)} ${whose} may store (uploads, their Markdown and pictures); nothing was stored. Delete proposals you no longer need (uploads are removed ${uploadRetentionDays} days after they are converted, and an anonymous visitor's conversions after ${anonymousRetentionDays} days)`,
      retryAfter,
    )
  }
}
