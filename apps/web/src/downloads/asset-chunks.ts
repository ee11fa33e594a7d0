import { assetSlice } from '@draftsmith/db/conversions'
import type { Db } from '@draftsmith/db/client'

/** How much of a picture is read from Postgres at once. */
export const SLICE_BYTES = 1024 * 1024

/** Assets up to this size are read and sent in one piece, outside the heavy-download budget. */
export const INLINE_ASSET_BYTES = 256 * 1024

/**
 * What one streamed response adds to the process's memory, reserved from the budget while it is
 * sent: the slice being read (postgres.js receives a bytea as hex text, twice its size, then
 * decodes it), the one before it still in the socket's buffer, and the zip's and the stream's
 * small buffers. bench/memory-bounds/bundle-downloads.ts measured about 5 MB more peak RSS per
 * concurrent bundle of 1 MiB pictures (1 → 12 downloads: 229 → 285 MB).
 */
export const STREAM_FOOTPRINT_BYTES = 5 * SLICE_BYTES

export class AssetGoneError extends Error {
  constructor(name: string) {
    super(`the asset ${name} was deleted while it was being sent`)
    this.name = 'AssetGoneError'
  }
}

/** An asset's bytes, a slice at a time, each read when the previous one has been taken. */
export async function* assetChunks(db: Db, conversionId: string, name: string, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < size; offset += SLICE_BYTES) {
    const slice = await assetSlice(db, conversionId, name, offset, Math.min(SLICE_BYTES, size - offset))
    // Deleted meanwhile (its proposal removed mid-download): end the response broken, not short.
    if (slice === undefined || slice.byteLength === 0) throw new AssetGoneError(name)
    yield slice
  }
}
