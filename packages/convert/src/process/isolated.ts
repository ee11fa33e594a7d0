import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ConversionLimits } from '../context/limits.js'
import { ConversionInterruptedError, ConverterCrashedError } from './errors.js'
import { watchMemory } from './memory.js'
import type { ChildMessage, ChildOptions, ChildRequest, ConversionOutcome } from './protocol.js'

// The child runs the same kind of file as this one: .ts from source (tests, `pnpm draftsmith`), .js when built.
const fromSource = import.meta.url.endsWith('.ts')
const script = fileURLToPath(new URL(`./child.${fromSource ? 'ts' : 'js'}`, import.meta.url))
// From source the child needs a TypeScript loader and the source condition, and nothing else of
// its parent's flags (a test runner's hooks alone cost a child 100 MB of its budget).
const sourceFlags = fromSource ? ['--import', import.meta.resolve('tsx'), '--conditions=@draftsmith/source'] : []

export interface IsolatedConverterOptions {
  /** Conversion processes running at once. @default 1 */
  processes?: number
  /** V8 heap of each process, in MB. @default 256 */
  maxHeapMb?: number
  /**
   * Real memory (RSS) of each process, in MB: pictures decoded outside the heap included. Past
   * it the process is killed and the conversion refused. Read from /proc (Linux); elsewhere only
   * the heap bound holds. @default maxHeapMb + 96
   */
  maxRssMb?: number
  /** Each conversion's wall-clock time, in ms; past it the process is killed. @default 60_000 */
  timeoutMs?: number
  /** Bounds inside every conversion (pixels, output size…); each call may add its own. */
  limits?: Partial<ConversionLimits>
  /** What a conversion process wrote on its standard error (V8's report when its heap ran out). */
  onOutput?: (text: string) => void
  /**
   * Start conversion processes in a process group of their own, so that a SIGTERM to the
   * caller's group (systemd, `kill -TERM -pgid`, a supervisor) reaches the caller alone, which
   * then finishes or hands back what is converting (the worker). Off for a command line, where
   * Ctrl-C should stop everything at once. The pool still ends its processes by pid: on close,
   * past a bound, or when a caller's signal fires; a process whose parent died exits when its
   * IPC channel closes. @default false
   */
  detached?: boolean
}

export interface IsolatedConvertOptions extends ChildOptions {
  onProgress?: (percent: number) => void
  /** Kills the conversion's process; the call rejects with the signal's reason. */
  signal?: AbortSignal
}

interface Slot {
  child: ChildProcess | undefined
  ready: Promise<ChildProcess> | undefined
}

/** Signals people and supervisors send to stop processes, not to punish a document. */
const stopSignals = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'])

/**
 * Converts documents in child processes. A document that needs too much memory or time kills
 * only its process — V8 aborts a whole process when its heap is full, and a synchronous decode
 * cannot be interrupted — and the next conversion gets a fresh one. Each busy process' resident
 * size is read from the outside (a process stuck in one decode cannot report on itself) and the
 * process is killed past `maxRssMb` (ADR 050); processes are reused while they stay healthy.
 */
export class IsolatedConverter {
  private readonly slots: Slot[]
  private readonly waiting: Array<(slot: Slot) => void> = []
  private readonly free: Slot[]
  private readonly maxHeapMb: number
  private readonly maxRssMb: number
  private readonly timeoutMs: number
  private nextId = 1
  private closed = false
  private peakRss = 0

  constructor(private readonly options: IsolatedConverterOptions = {}) {
    this.maxHeapMb = options.maxHeapMb ?? 256
    this.maxRssMb = options.maxRssMb ?? this.maxHeapMb + 96
    this.timeoutMs = options.timeoutMs ?? 60_000
    this.slots = Array.from({ length: Math.max(1, options.processes ?? 1) }, () => ({
      child: undefined,
      ready: undefined,
    }))
    this.free = [...this.slots]
  }

  /**
   * Converts `bytes` in a process of its own. A refusal — bad input, a bound of time or memory
   * met — resolves `{ ok: false }` with a reason for the person who gave the document. Rejects
   * with the signal's reason when `signal` fires, {@link ConversionInterruptedError} when the
   * process was stopped from outside, and {@link ConverterCrashedError} when the converter
   * failed of itself.
   */
  async convert(bytes: Uint8Array, options: IsolatedConvertOptions = {}): Promise<ConversionOutcome> {
    if (this.closed) throw new Error('the converter is closed')
    options.signal?.throwIfAborted()
    const slot = await this.acquire()
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.run(slot, bytes, options)
        } catch (error) {
          // Its process died before the document reached it: once more, on a fresh process.
          if (!(error instanceof NeverDelivered)) throw error
          if (attempt === 2) throw new ConverterCrashedError('its process ended before the document reached it, twice')
        }
      }
    } finally {
      this.release(slot)
    }
  }

  /**
   * Starts every conversion process now rather than at its first document: a server pays the
   * start before its first request, and (with `detached`) its processes are in their own group
   * before any signal to its group can arrive. Rejects when a process cannot start.
   */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.processFor(slot)))
  }

  /** The highest resident size any conversion process reached, in MB (0 where there is no /proc). */
  get peakRssMb(): number {
    return this.peakRss
  }

  /** Ends every conversion process (a conversion still running rejects). */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all(
      this.slots.map(async (slot) => {
        const child = slot.child
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGKILL')
        await exited
      }),
    )
  }

  private acquire(): Promise<Slot> {
    const slot = this.free.pop()
    if (slot !== undefined) return Promise.resolve(slot)
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift()
    if (next !== undefined) next(slot)
    else this.free.push(slot)
  }

  private processFor(slot: Slot): Promise<ChildProcess> {
    if (slot.ready !== undefined) return slot.ready
    const child = fork(script, [], {
      execArgv: [...sourceFlags, `--max-old-space-size=${this.maxHeapMb}`],
      // Structured cloning: the document's bytes cross as bytes, not as a JSON array of numbers.
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      detached: this.options.detached ?? false,
    })
    child.stderr?.setEncoding('utf8').on('data', (text: string) => this.options.onOutput?.(text.trim()))
    // A failed write or kill is an 'error' event, fatal to the program if nobody listens; the exit
    // that follows says what became of the conversion.
    child.on('error', (error) => this.options.onOutput?.(`conversion process: ${error.message}`))
    slot.child = child
    slot.ready = new Promise((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (!('ready' in message)) return
        child.off('exit', onExit)
        child.off('message', onMessage)
        resolve(child)
      }
      const onExit = (code: number | null, signal: string | null) =>
        reject(
          signal !== null && stopSignals.has(signal)
            ? new ConversionInterruptedError(signal)
            : new ConverterCrashedError(`its process did not start (exit code ${code}, signal ${signal})`),
        )
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
    child.once('exit', () => {
      if (slot.child === child) {
        slot.child = undefined
        slot.ready = undefined
      }
    })
    return slot.ready
  }

  private async run(slot: Slot, bytes: Uint8Array, options: IsolatedConvertOptions): Promise<ConversionOutcome> {
    const { onProgress, signal, ...convertOptions } = options
    const child = await this.processFor(slot)
    // The signal may have fired while the process was being started: its listener below would never hear it.
    signal?.throwIfAborted()
    const id = this.nextId++
    const limits = { ...this.options.limits, ...convertOptions.limits, memoryMb: this.maxRssMb }
    let overMb: number | undefined
    let timedOut = false
    let received = false
    const kill = () => child.kill('SIGKILL')
    const watch =
      child.pid === undefined ? undefined : watchMemory(child.pid, this.maxRssMb, (mb) => ((overMb = mb), kill()))
    const timer = setTimeout(() => ((timedOut = true), kill()), this.timeoutMs)
    signal?.addEventListener('abort', kill, { once: true })
    try {
      return await new Promise<ConversionOutcome>((resolve, reject) => {
        const onMessage = (message: ChildMessage) => {
          if (!('id' in message) || message.id !== id) return
          received = true
          if ('received' in message) return
          if ('progress' in message) onProgress?.(message.progress)
          else {
            done()
            if ('outcome' in message) resolve(message.outcome)
            else reject(new ConverterCrashedError(message.failure.split('\n')[0] ?? 'no message'))
          }
        }
        const onExit = (code: number | null, exitSignal: string | null) => {
          done()
          if (signal?.aborted) reject(signal.reason)
          // Dead before it said it had the document (killed while idle, its exit not yet heard
          // when the document was written): nothing the document did.
          else if (!received && overMb === undefined && !timedOut) reject(new NeverDelivered())
          else {
            try {
              resolve(this.ended(code, exitSignal, overMb, timedOut))
            } catch (error) {
              reject(error)
            }
          }
        }
        const done = () => {
          child.off('message', onMessage)
          child.off('exit', onExit)
        }
        child.on('message', onMessage)
        child.once('exit', onExit)
        // A process that died before its exit was heard takes the write as an error: without this
        // callback, an 'error' event nobody listens to, which ends the whole program (issue 22).
        child.send({ id, bytes, options: { ...convertOptions, limits } } satisfies ChildRequest, (error) => {
          if (error !== null) kill()
        })
      })
    } finally {
      clearTimeout(timer)
      watch?.stop()
      if (watch) this.peakRss = Math.max(this.peakRss, watch.peakMb)
      signal?.removeEventListener('abort', kill)
    }
  }

  /** Why a conversion's process ended before it answered: a refusal, or it throws. */
  private ended(
    code: number | null,
    signal: string | null,
    overMb: number | undefined,
    timedOut: boolean,
  ): ConversionOutcome {
    if (timedOut) {
      const seconds = Math.round(this.timeoutMs / 1000)
      return refusal(
        `converting took longer than ${seconds} s; the document is too large or too complex`,
        'time-exceeded',
        `the conversion was stopped past its time bound of ${seconds} s`,
      )
    }
    // V8 aborts on a full heap (SIGABRT, 134 where a shell reports it); the kernel's OOM killer and our own budget send SIGKILL.
    if (overMb !== undefined || signal === 'SIGABRT' || signal === 'SIGKILL' || code === 134 || code === 137) {
      const used = overMb === undefined ? '' : ` (it reached ${Math.round(overMb)} MB)`
      return refusal(
        `the document needs more than the ${this.maxRssMb} MB of memory a conversion may use${used}; it is too large or too complex`,
        'memory-exceeded',
        `the conversion was stopped past its memory bound of ${this.maxRssMb} MB${used}`,
      )
    }
    if (signal !== null && stopSignals.has(signal)) throw new ConversionInterruptedError(signal)
    throw new ConverterCrashedError(`its process ended unexpectedly (exit code ${code}, signal ${signal})`)
  }
}

/** The document never reached the process: it died first. Retried once by `convert`. */
class NeverDelivered extends Error {}

function refusal(reason: string, code: string, message: string): ConversionOutcome {
  return { ok: false, reason, report: { found: {}, notKept: [{ code, count: 1, message }] } }
}
