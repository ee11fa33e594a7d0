import { isAbsolute, relative } from 'node:path'
import type { ConversionResult } from '../convert.js'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
/** A path as short as it can be said: from the current folder when it is inside it. */
function shownPath(path: string): string {
  if (path === 'stdout') return 'standard output'
  const inside = relative(process.cwd(), path)
  return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? path : inside
}

/**
 * What the command says while it works, on standard error: on a terminal a progress bar under
 * the lines that matter (failures, a summary), elsewhere (a log, a pipe) one line per document.
 */
export class Progress {
  private done = 0
  private failed = 0
  private current = ''
  private readonly tty: boolean

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY === true
  }

  started(shown: string): void {
    this.current = shown
    this.draw()
  }

  converted(shown: string, result: ConversionResult, files: string[], unwritten: number): void {
    this.done++
    const notKept = result.report.notKept.reduce((n, note) => n + note.count, 0)
    const details = [
      result.assets.length > 0 ? plural(result.assets.length, 'picture') : '',
      notKept > 0 ? `${plural(notKept, 'thing')} not kept (see --report json)` : '',
      unwritten > 0 ? `${plural(unwritten, 'picture')} not written: give --assets DIR or --bundle` : '',
    ].filter(Boolean)
    const line = `converted ${shown} → ${files.map(shownPath).join(', ')}${details.length > 0 ? ` (${details.join('; ')})` : ''} in ${((result.stats.convertMs ?? 0) / 1000).toFixed(1)} s`
    // On a terminal the bar says it; the warning about pictures is worth a line of its own.
    if (!this.tty || unwritten > 0) this.line(line)
    else this.draw()
  }

  failedOn(shown: string, reason: string): void {
    this.done++
    this.failed++
    this.line(`failed ${shown}: ${reason}`)
  }

  /** The closing line; the bar is cleared. */
  finish(skipped: number): void {
    if (this.tty) this.stream.write('\r\x1b[K')
    const converted = this.done - this.failed
    const parts = [`${plural(converted, 'document')} converted`]
    if (this.failed > 0) parts.push(`${this.failed} failed`)
    if (skipped > 0) parts.push(`${plural(skipped, 'file')} in the folders skipped (not documents draftsmith reads)`)
    this.stream.write(`${parts.join(', ')}\n`)
  }

  get failures(): number {
    return this.failed
  }

  private line(text: string): void {
    this.stream.write(this.tty ? `\r\x1b[K${text}\n` : `${text}\n`)
    this.draw()
  }

  private draw(): void {
    if (!this.tty || this.total === 0) return
    const width = 24
    const filled = Math.round((width * this.done) / this.total)
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total}`
    const room = Math.max(0, (this.stream.columns ?? 80) - bar.length - 3)
    const current = this.done < this.total ? this.current.slice(-room) : ''
    this.stream.write(`\r\x1b[K${bar}  ${current}`)
  }
}
