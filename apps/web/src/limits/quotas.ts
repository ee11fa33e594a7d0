import type { OwnerUsage } from '@draftsmith/db/usage'
import type { RedisGuard } from '../redis/redis-guard.js'
import { ResilientLimiter } from './resilient-limiter.js'
import { tooManyRequests } from './too-many-requests.js'

/** What one visitor or account may take of a public instance. */
export interface QuotaSettings {
  proposalsPerHour: number
  proposalsPerHourPerAddress: number
  /** Files. */
  uploadsPerMinute: number
  uploadsPerMinutePerAddress: number
  uploadBytesPerHourPerAddress: number
  storedBytes: number
  activeConversions: number
  /** How long finished uploads are kept (the worker's retention): when stored bytes free up by themselves. */
  uploadRetentionDays: number
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

/** "12.5 MiB", "3.2 KiB", "800 bytes": sizes in a sentence. */
function size(bytes: number): string {
  if (bytes >= 1048576) return `${Math.round((bytes / 1048576) * 10) / 10} MiB`
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`
  return `${bytes} bytes`
}

/**
 * The fair share of one visitor or account. Rates (proposals per hour, uploads per minute) are
 * counted per owner and, because an anonymous visitor can shed its cookie, per address as well;
 * what an owner holds (uploads stored, conversions queued) is read from Postgres. Over a quota
 * the answer is 429 with Retry-After and nothing of the request is kept; what was accepted
 * before stays.
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
  beforeUpload(usage: OwnerUsage): void {
    const { activeConversions, storedBytes } = this.settings
    if (usage.activeConversions >= activeConversions) throw this.queueFull()
    if (usage.storedBytes >= storedBytes) throw this.storageFull(usage)
  }

  /** Once the files are read: counts them and their bytes, all or nothing. */
  async upload(subject: QuotaSubject, usage: OwnerUsage, files: ReadonlyArray<{ size: number }>): Promise<void> {
    const { activeConversions, storedBytes, uploadsPerMinute, uploadsPerMinutePerAddress } = this.settings
    const bytes = files.reduce((sum, file) => sum + file.size, 0)
    if (usage.activeConversions + files.length > activeConversions) throw this.queueFull()
    if (usage.storedBytes + bytes > storedBytes) throw this.storageFull(usage, bytes)
    await countAll([
      {
        limiter: this.uploadsByOwner,
        key: subject.owner,
        points: files.length,
        detail: `these documents would pass the ${uploadsPerMinute} a minute one visitor or account may upload`,
      },
      {
        limiter: this.uploadsByAddress,
        key: subject.address,
        points: files.length,
        detail: `these documents would pass the ${uploadsPerMinutePerAddress} a minute this address may upload`,
      },
      {
        limiter: this.uploadBytesByAddress,
        key: subject.address,
        points: bytes,
        detail: `these documents would pass the ${size(this.settings.uploadBytesPerHourPerAddress)} an hour this address may upload`,
      },
    ])
  }

  private queueFull() {
    return tooManyRequests(
      `you have ${this.settings.activeConversions} documents waiting to be converted or converting, the most one visitor or account may have at once; nothing was stored. Upload more once some have finished`,
      30,
    )
  }

  private storageFull(usage: OwnerUsage, adding = 0) {
    const { storedBytes, uploadRetentionDays } = this.settings
    const freedAt = usage.oldestStoredAt
      ? usage.oldestStoredAt.getTime() + uploadRetentionDays * 86_400_000
      : Date.now() + 3_600_000
    const retryAfter = Math.max(60, Math.ceil((freedAt - Date.now()) / 1000))
    return tooManyRequests(
      `your uploads would take ${size(usage.storedBytes + adding)} of the ${size(storedBytes)} one visitor or account may store; nothing was stored. Delete proposals you no longer need (uploads are also removed ${uploadRetentionDays} days after they are converted)`,
      retryAfter,
    )
  }
}
