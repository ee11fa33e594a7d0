import type { ConversionReport, OcrReport, ReportCounts } from '../types.js'

/**
 * Builds a conversion's report while it runs: what was found, and each thing that could not be
 * kept, counted by kind (`notKept('image-format-unsupported', n => `${n} EMF images kept as
 * placeholders`)` twice reads "2 EMF images kept as placeholders").
 */
export class ConversionReporter {
  private readonly counts: ReportCounts = {}
  private ocrStats: OcrReport | undefined
  private readonly lost = new Map<string, { count: number; describe: (count: number) => string }>()

  /** Adds `n` to what was found. */
  found(what: keyof ReportCounts, n = 1): void {
    this.counts[what] = (this.counts[what] ?? 0) + n
  }

  /** Sets what was found (for counts known at once, such as pages). */
  set(what: keyof ReportCounts, n: number): void {
    this.counts[what] = n
  }

  /** Records `n` of something not kept; `describe` words the total for people. */
  notKept(code: string, describe: (count: number) => string, n = 1): void {
    const entry = this.lost.get(code)
    if (entry) entry.count += n
    else this.lost.set(code, { count: n, describe })
  }

  /** What OCR read, when the document needed it. */
  ocr(stats: OcrReport): void {
    this.ocrStats = stats
  }

  build(): ConversionReport {
    return {
      found: { ...this.counts },
      notKept: [...this.lost].map(([code, { count, describe }]) => ({ code, count, message: describe(count) })),
      ...(this.ocrStats === undefined ? {} : { ocr: { ...this.ocrStats } }),
    }
  }
}

/** "1 image" / "2 images": for report messages. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}
