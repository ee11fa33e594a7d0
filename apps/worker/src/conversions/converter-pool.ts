import type { ConversionOptions } from '@draftsmith/db/schema'
import { fileURLToPath } from 'node:url'
import workerpool from 'workerpool'
import type { ConversionLimits } from './convert.js'
import type { ConvertOutcome } from './converter-child.js'

// The child runs the same kind of file as this one: .ts under tsx and tests, .js when built.
const script = fileURLToPath(
  new URL(`./converter-child.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
)

export interface ConverterPoolOptions {
  /** Conversion processes. @default 2 */
  processes?: number
  /** Heap of each process, in MB. @default 256 */
  maxHeapMb?: number
  /** What all pictures of one conversion may hold together. @default the collector's own */
  maxAssetBytes?: number
  /** What a conversion process printed (e.g. V8's report when it ran out of memory). */
  onOutput?: (line: string) => void
}

export class ConversionAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super('the conversion was stopped')
    this.name = 'ConversionAbortedError'
  }
}

/**
 * Conversions run in child processes with their own heap limit. A document that needs too much
 * memory kills only its process — V8 aborts the whole process when a heap is exhausted, which in
 * a worker thread would take the worker down with it — and aborting a conversion (time limit,
 * shutdown) kills its process too. The pool starts a fresh one for the next document.
 */
export class ConverterPool {
  private readonly pool: workerpool.Pool
  private readonly maxHeapMb: number
  private readonly limits: ConversionLimits
  private readonly onOutput: ((line: string) => void) | undefined

  constructor(options: ConverterPoolOptions = {}) {
    this.maxHeapMb = options.maxHeapMb ?? 256
    this.limits = { maxAssetBytes: options.maxAssetBytes }
    this.onOutput = options.onOutput
    this.pool = workerpool.pool(script, {
      workerType: 'process',
      maxWorkers: options.processes ?? 2,
      workerTerminateTimeout: 1000,
      emitStdStreams: true,
      forkOpts: {
        // Keeps the loader flags (tsx in development), adds the heap limit.
        execArgv: [...process.execArgv, `--max-old-space-size=${this.maxHeapMb}`],
        // Structured cloning: the document's bytes cross as bytes, not as a JSON array of numbers.
        serialization: 'advanced',
      },
    })
  }

  /**
   * Rejects with {@link ConversionAbortedError} when `signal` fires; a refusal (bad input, not
   * enough memory) resolves `{ ok: false }`.
   */
  async convert(
    mime: string,
    bytes: Uint8Array,
    options: { signal?: AbortSignal; onProgress?: (percent: number) => void; conversion?: ConversionOptions } = {},
  ): Promise<ConvertOutcome> {
    const { signal } = options
    if (signal?.aborted) throw new ConversionAbortedError(signal.reason)
    const task = this.pool.exec('convert', [mime, bytes, options.conversion ?? {}, this.limits], {
      on: (event: number | { stdout?: string; stderr?: string }) => {
        if (typeof event === 'number') options.onProgress?.(event)
        else if (event.stderr || event.stdout) this.onOutput?.(String(event.stderr ?? event.stdout).trim())
      },
    })
    const abort = () => {
      try {
        // Kills the conversion's process; the rejection arrives through `await task`.
        task.cancel()
      } catch {
        // workerpool throws the CancellationError here as well as rejecting the task with it.
      }
    }
    signal?.addEventListener('abort', abort, { once: true })
    try {
      return (await task) as ConvertOutcome
    } catch (error) {
      if (signal?.aborted) throw new ConversionAbortedError(signal.reason)
      if (/terminated unexpectedly/i.test((error as Error).message)) {
        return {
          ok: false,
          reason: `the document needs more than the ${this.maxHeapMb} MB a conversion may use; it is too large or too complex`,
        }
      }
      throw error
    } finally {
      signal?.removeEventListener('abort', abort)
    }
  }

  async close(): Promise<void> {
    await this.pool.terminate(true)
  }
}
