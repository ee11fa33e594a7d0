import { Readable } from 'node:stream'
import { Zip, ZipDeflate, ZipPassThrough, type ZipInputFile } from 'fflate'

/** One file of a zip, whose bytes are read only when the client is ready for them. */
export interface ZipEntry {
  name: string
  /** Deflate it (text); pictures are compressed already and are stored as they are. */
  deflate: boolean
  chunks: () => AsyncIterable<Uint8Array>
}

/** Output is handed on in pieces no larger than this, so no single step holds the event loop long. */
const PIECE_BYTES = 64 * 1024

function* pieces(chunk: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < chunk.byteLength; at += PIECE_BYTES) yield chunk.subarray(at, at + PIECE_BYTES)
}

/**
 * A zip archive as a stream (fflate's streaming `Zip`): entries are written one after another, and
 * each entry's bytes are pulled from its source only as the consumer reads — the HTTP response's
 * backpressure reaches the database reads. What is held at once is one source chunk and the
 * archive's small headers; the central directory (a few dozen bytes per entry) is written last.
 * Entry names are UTF-8 (fflate sets the zip's language-encoding flag for them).
 */
export function zipStream(entries: Iterable<ZipEntry>, mtime: Date): Readable {
  async function* archive(): AsyncGenerator<Uint8Array> {
    const ready: Uint8Array[] = []
    let failure: Error | null = null
    const zip = new Zip((error, chunk) => {
      if (error) failure = error
      else ready.push(chunk)
    })
    const written = function* (): Generator<Uint8Array> {
      if (failure) throw failure
      for (let chunk = ready.shift(); chunk !== undefined; chunk = ready.shift()) yield* pieces(chunk)
    }
    for (const entry of entries) {
      const file: ZipInputFile & { push(chunk: Uint8Array, final?: boolean): void } = entry.deflate
        ? new ZipDeflate(entry.name, { level: 6 })
        : new ZipPassThrough(entry.name)
      file.mtime = mtime
      zip.add(file)
      for await (const chunk of entry.chunks()) {
        // Deflate runs synchronously over what it is given: a piece at a time.
        for (const piece of entry.deflate ? pieces(chunk) : [chunk]) {
          file.push(piece)
          yield* written()
        }
      }
      file.push(new Uint8Array(0), true)
      yield* written()
    }
    zip.end()
    yield* written()
  }
  return Readable.from(archive(), { objectMode: false, highWaterMark: PIECE_BYTES })
}
