import type { ConversionLimits, DocumentOptions } from '@draftsmith/convert'
import { watchMemory, type MemoryWatch } from '@draftsmith/convert/process'
import { fileURLToPath } from 'node:url'
import workerpool from 'workerpool'
import { childExitOf } from './child-exit.js'
import type { ChildEvent, ConvertOutcome } from './converter-child.js'

// The child runs the same kind of file as this one: .ts under tsx and tests, .js when built.
const fromSource = import.meta.url.endsWith('.ts')
const script = fileURLToPath(new URL(`./converter-child.${fromSource ? 'ts' : 'js'}`, import.meta.url))
// From source the child needs a TypeScript loader and the source condition, and nothing else of
// its parent's flags: a test runner's loaders and coverage hooks alone cost a child over 100 MB,
// which would leave a test's conversions less room than production's.
const sourceFlags = fromSource ? ['--import', 'tsx', '--conditions=@draftsmith/source'] : []

export interface ConverterPoolOptions {
  /** Conversion processes. @default 2 */
  processes?: number
  /** Heap of each process, in MB. @default 256 */
  maxHeapMb?: number
  /**
   * Resident memory of each process, in MB: everything it holds, pictures decoded outside the
   * heap included. Past it the process is killed and the conversion fails. @default maxHeapMb + 64
   */
  maxRssMb?: number
  /** Bounds the engine applies inside a conversion (pixels, output size). */
  limits?: Partial<ConversionLimits>
  /** Languages OCR reads with when the document does not say (CONVERSION_OCR_LANGUAGES). @default the engine's: English */
  ocrLanguages?: string[]
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
 * The conversion's process was stopped by a signal from outside (SIGTERM to the worker's whole
 * process group from systemd or Ctrl-C, a deploy): the document is not to blame, so the job is
 * handed back rather than failed.
 */
export class ConversionInterruptedError extends Error {
  constructor(readonly signal: string) {
    super(`the conversion process was stopped by ${signal}`)
    this.name = 'ConversionInterruptedError'
  }
}

/**
 * Conversions run in child processes with their own heap limit. A document that needs too much
 * memory kills only its process — V8 aborts the whole process when a heap is exhausted, which in
 * a worker thread would take the worker down with it — and aborting a conversion (time limit,
 * shutdown) kills its process too. The pool starts a fresh one for the next document.
 *
 * The heap limit alone does not bound a process: pdf.js decodes pictures into buffers outside
 * it. So the pool also reads each busy process' resident size from /proc (from the outside: a
 * process stuck in one synchronous decode cannot report on itself) and kills it past
 * `maxRssMb` (ADR 050).
 */
export class ConverterPool {
  private readonly pool: workerpool.Pool
  private readonly maxHeapMb: number
  private readonly maxRssMb: number
  private readonly limits: Partial<ConversionLimits>
  private readonly ocrLanguages: string[] | undefined
  private readonly onOutput: ((line: string) => void) | undefined
  private peakRss = 0

  constructor(options: ConverterPoolOptions = {}) {
    this.maxHeapMb = options.maxHeapMb ?? 256
    this.maxRssMb = options.maxRssMb ?? this.maxHeapMb + 96
    this.limits = options.limits ?? {}
    this.ocrLanguages = options.ocrLanguages
    this.onOutput = options.onOutput
    this.pool = workerpool.pool(script, {
      workerType: 'process',
      maxWorkers: options.processes ?? 2,
      workerTerminateTimeout: 1000,
      emitStdStreams: true,
      forkOpts: {
        execArgv: [...sourceFlags, `--max-old-space-size=${this.maxHeapMb}`],
        // Structured cloning: the document's bytes cross as bytes, not as a JSON array of numbers.
        serialization: 'advanced',
        // A process group of its own: a SIGTERM to the worker's group (systemd, `kill -TERM -pgid`,
        // a supervisor) reaches the worker alone, which lets the conversion finish within its grace
        // period or hands it back (issue 22). The worker still ends it: on shutdown, time limit or
        // memory bound by pid, and a child whose worker died exits when its IPC channel closes.
        detached: true,
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
    options: { signal?: AbortSignal; onProgress?: (percent: number) => void; conversion?: DocumentOptions } = {},
  ): Promise<ConvertOutcome> {
    const { signal } = options
    if (signal?.aborted) throw new ConversionAbortedError(signal.reason)
    let watch: MemoryWatch | undefined
    let overBudgetMb: number | undefined
    // The trees size their element bounds by the memory budget too (ConversionLimits.memoryMb).
    const limits: Partial<ConversionLimits> = { ...this.limits, memoryMb: this.maxRssMb }
    const conversion: DocumentOptions = {
      ...(this.ocrLanguages === undefined ? {} : { ocrLanguages: this.ocrLanguages }),
      ...options.conversion,
    }
    const task = this.pool.exec('convert', [mime, bytes, conversion, limits], {
      on: (event: ChildEvent | { stdout?: string; stderr?: string }) => {
        if (typeof event === 'number') options.onProgress?.(event)
        else if ('pid' in event) {
          const { pid } = event
          watch = watchMemory(pid, this.maxRssMb, (rssMb) => {
            overBudgetMb = rssMb
            // SIGKILL at once: the process may be inside a decode that would not stop for anything gentler.
            try {
              process.kill(pid, 'SIGKILL')
            } catch {
              // Already gone.
            }
          })
        } else if (event.stderr || event.stdout) this.onOutput?.(String(event.stderr ?? event.stdout).trim())
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
      const exit = childExitOf(error)
      if (overBudgetMb !== undefined || exit?.kind === 'memory') {
        const used = overBudgetMb === undefined ? '' : ` (it reached ${Math.round(overBudgetMb)} MB)`
        return {
          ok: false,
          reason: `the document needs more than the ${this.maxRssMb} MB of memory a conversion may use${used}; it is too large or too complex`,
          report: {
            found: {},
            notKept: [
              {
                code: 'memory-exceeded',
                count: 1,
                message: `the conversion was stopped past its memory bound of ${this.maxRssMb} MB${used}`,
              },
            ],
          },
        }
      }
      if (exit?.kind === 'interrupted') throw new ConversionInterruptedError(exit.signal)
      throw error
    } finally {
      watch?.stop()
      if (watch) this.peakRss = Math.max(this.peakRss, watch.peakMb)
      signal?.removeEventListener('abort', abort)
    }
  }

  /** The highest resident size any conversion process reached, in MB (0 where /proc is missing). */
  get peakRssMb(): number {
    return this.peakRss
  }

  async close(): Promise<void> {
    await this.pool.terminate(true)
  }
}
