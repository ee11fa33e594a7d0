import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ConversionContext } from '../context/context.js'
import { plural } from '../context/report.js'
import { OcrEngine, OcrTimeoutError, type OcrPage } from './engine.js'
import { defaultOcrLanguages, parseOcrLanguages, type OcrLanguage } from './languages.js'

/**
 * What recognising a page costs in real memory beyond the picture's pixels: tesseract.js' worker
 * with its WASM code and one language loaded (measured: ~60 MB), and per pixel what Leptonica and
 * tesseract hold while they read it (measured on 2–16 Mpx pages, bench/ocr; rounded up).
 */
const workerMb = 70
const bytesPerPixel = 24

/** Why a page needing OCR stayed a picture. */
export type Skipped = 'pixels' | 'pages' | 'time' | 'memory' | 'timeout' | 'unreadable'

const reasons: Record<Skipped, { code: string; describe: (n: number, session: OcrSession) => string }> = {
  pixels: {
    code: 'ocr-over-pixel-bound',
    describe: (n, s) =>
      `${plural(n, 'page')} larger than ${Math.round(s.limits.ocrPagePixels / 1_000_000)} megapixels kept as pictures without OCR`,
  },
  pages: {
    code: 'ocr-page-cap',
    describe: (n, s) => `${plural(n, 'page')} past the limit of ${s.limits.ocrMaxPages} OCRed pages kept as pictures`,
  },
  time: {
    code: 'ocr-time-budget',
    describe: (n) => `${plural(n, 'page')} past the time OCR may take kept as pictures`,
  },
  memory: {
    code: 'ocr-over-memory',
    describe: (n) => `${plural(n, 'page')} needing more memory for OCR than the conversion may use kept as pictures`,
  },
  timeout: {
    code: 'ocr-page-timeout',
    describe: (n, s) =>
      `${plural(n, 'page')} whose OCR took longer than ${Math.round(s.limits.ocrPageTimeoutMs / 1000)} s kept as pictures`,
  },
  unreadable: {
    code: 'ocr-failed',
    describe: (n) => `${plural(n, 'page')} OCR could not read kept as pictures`,
  },
}

const residentMb = () => process.memoryUsage.rss() / (1024 * 1024)

/**
 * OCR for one conversion: the engine started on the first page that needs it, every bound
 * checked before a page is read (pixels, pages, the document's time, real memory) and one while
 * it is read (time per page), and the report's OCR summary. A page over a bound stays a picture
 * and the report says why. Close it when the document is read.
 */
export class OcrSession {
  readonly languages: OcrLanguage[]
  private engine: OcrEngine | undefined
  private cacheDir: string | undefined
  private spentMs = 0
  private readonly confidences: number[] = []
  private skipped = 0

  constructor(private readonly context: ConversionContext) {
    this.languages = parseOcrLanguages(context.options.ocrLanguages ?? defaultOcrLanguages)
  }

  get limits() {
    return this.context.limits
  }

  /** Whether a page of `pixels` may be read now, or why not. */
  private check(pixels: number): Skipped | undefined {
    const { limits } = this.context
    if (pixels > limits.ocrPagePixels) return 'pixels'
    if (this.confidences.length >= limits.ocrMaxPages) return 'pages'
    if (this.spentMs >= limits.ocrTimeBudgetMs) return 'time'
    if (limits.memoryMb !== undefined && limits.memoryMb > 0) {
      const needed = (this.engine === undefined ? workerMb : 0) + (pixels * bytesPerPixel) / (1024 * 1024)
      if (residentMb() + needed > limits.memoryMb) return 'memory'
    }
    return undefined
  }

  /**
   * The text of a picture of a page (`image`: PNG or JPEG bytes of `pixels` pixels, scanned at
   * `dpi`), or why it stays a picture (already reported).
   */
  async read(image: () => Promise<Uint8Array>, pixels: number, dpi: number): Promise<OcrPage | Skipped> {
    const { limits, signal } = this.context
    const refused = this.check(pixels)
    if (refused !== undefined) return this.skip(refused)
    const started = performance.now()
    try {
      const bytes = await image()
      this.cacheDir ??= await mkdtemp(join(tmpdir(), 'draftsmith-ocr-'))
      this.engine ??= new OcrEngine(this.languages, this.cacheDir)
      const timeout = Math.min(limits.ocrPageTimeoutMs, Math.max(1000, limits.ocrTimeBudgetMs - this.spentMs))
      const page = await this.engine.recognize(bytes, dpi, timeout, signal)
      this.confidences.push(page.confidence)
      return page
    } catch (error) {
      signal?.throwIfAborted()
      return this.skip(error instanceof OcrTimeoutError ? 'timeout' : 'unreadable')
    } finally {
      this.spentMs += performance.now() - started
    }
  }

  private skip(reason: Skipped): Skipped {
    const { code, describe } = reasons[reason]
    this.context.report.notKept(code, (n) => describe(n, this))
    this.skipped++
    return reason
  }

  /** Stops the engine, removes its folder, and writes the report's OCR summary if any page needed OCR. */
  async close(): Promise<void> {
    await this.engine?.close()
    this.engine = undefined
    if (this.cacheDir !== undefined) await rm(this.cacheDir, { recursive: true, force: true })
    if (this.confidences.length + this.skipped === 0) return
    const mean = this.confidences.reduce((sum, c) => sum + c, 0) / Math.max(1, this.confidences.length)
    this.context.report.ocr({
      pages: this.confidences.length,
      meanConfidence: Math.round(mean * 10) / 10,
      picturesOnly: this.skipped,
      languages: [...this.languages],
    })
  }
}
