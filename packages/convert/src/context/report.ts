import type { ConversionReport, DocumentMetadata, OcrReport, ReportCounts } from '../types.js'

/**
 * Builds a conversion's report while it runs: what was found, and each thing that could not be
 * kept, counted by kind (`notKept('image-format-unsupported', n => `${n} EMF images kept as
 * placeholders`)` twice reads "2 EMF images kept as placeholders").
 */
export class ConversionReporter {
  private readonly counts: ReportCounts = {}
  private ocrStats: OcrReport | undefined
  private readonly lost = new Map<string, { count: number; describe: (count: number) => string }>()
  private readonly about: DocumentMetadata = {}

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

  /** What the document says about itself: empty values are dropped, the first reader to set a field keeps it. */
  metadata(metadata: DocumentMetadata): void {
    for (const [key, value] of Object.entries(metadata) as Array<[keyof DocumentMetadata, unknown]>) {
      if (this.about[key] !== undefined || value === undefined) continue
      if (Array.isArray(value)) {
        const kept = value.map((item) => String(item).trim()).filter((item) => item !== '')
        if (kept.length > 0) (this.about as Record<string, unknown>)[key] = kept
      } else if (String(value).trim() !== '') (this.about as Record<string, unknown>)[key] = String(value).trim()
    }
  }

  build(): ConversionReport {
    const report: ConversionReport = {
      found: { ...this.counts },
      notKept: [...this.lost].map(([code, { count, describe }]) => ({ code, count, message: describe(count) })),
      ...(this.ocrStats === undefined ? {} : { ocr: { ...this.ocrStats } }),
    }
    if (Object.keys(this.about).length > 0) report.metadata = { ...this.about }
    return report
  }

  /** What the document said about itself so far. */
  get documentMetadata(): DocumentMetadata {
    return this.about
  }
}

/** "1 image" / "2 images": for report messages. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}
