import type { Job } from 'bullmq'

type Processor<D, R> = (job: Job<D>, token?: string, signal?: AbortSignal) => Promise<R>

/**
 * The processors running right now, counted here rather than asked of BullMQ: on shutdown the
 * worker waits for its own jobs to return, not for the queue library's `close()`, which may wait
 * on a connection that never answers.
 */
export class ActiveJobs {
  private readonly running = new Set<Promise<unknown>>()

  get size(): number {
    return this.running.size
  }

  /** `processor`, with every call counted until it settles. */
  track<D, R>(processor: Processor<D, R>): Processor<D, R> {
    return (job, token, signal) => {
      const run = processor(job, token, signal)
      this.running.add(run)
      const forget = () => this.running.delete(run)
      run.then(forget, forget)
      return run
    }
  }

  /** Settles once no processor is running (including any that started while waiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }
}
