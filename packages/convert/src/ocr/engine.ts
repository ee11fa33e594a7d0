import { symlink } from 'node:fs/promises'
import { join } from 'node:path'
import Tesseract from 'tesseract.js'
import { languageDataPath, type OcrLanguage } from './languages.js'

/** A recognised word, in the pixels of the picture it was read from. */
export interface OcrWord {
  text: string
  x0: number
  y0: number
  x1: number
  y1: number
  /** 0–100, tesseract's. */
  confidence: number
}

/** A line as tesseract found it: its words, and where its baseline and its tallest letters stand. */
export interface OcrLine {
  words: OcrWord[]
  /** The baseline, from its left end to its right, in pixels from the top (a skewed scan's slopes). */
  baseline: { x0: number; y0: number; x1: number; y1: number }
  /** Tesseract's row height (ascenders to descenders): what a font size is in a picture. */
  rowHeight: number
}

export interface OcrPage {
  lines: OcrLine[]
  /** Mean word confidence, 0–100 (tesseract's page confidence). */
  confidence: number
}

/** Recognition took longer than its bound: the worker was stopped, the page stays a picture. */
export class OcrTimeoutError extends Error {}

/**
 * One tesseract.js worker for one conversion, started when the first page needs it. Language data
 * comes from the npm packages (`langPath` a local folder): tesseract.js has nothing to download
 * (its default is a CDN) and, with `cacheMethod: 'none'`, nothing to write. Its worker is a thread
 * of this process and its WASM heap lives here, so the conversion's RSS watch counts it.
 */
export class OcrEngine {
  private worker: Promise<Tesseract.Worker> | undefined

  constructor(
    private readonly languages: readonly OcrLanguage[],
    /** A folder of the conversion's own: the language files are linked there for tesseract.js. */
    private readonly folder: string,
  ) {}

  private async start(): Promise<Tesseract.Worker> {
    // tesseract.js reads every language from one folder (`langPath`), and each language ships in
    // a package of its own: the conversion's folder links each package's file. (Passing the
    // data as bytes, `{ code, data }`, crashes tesseract.js 7's worker.)
    for (const code of this.languages) {
      const file = `${code}.traineddata.gz`
      await symlink(join(languageDataPath(code), file), join(this.folder, file)).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error
        },
      )
    }
    return Tesseract.createWorker([...this.languages], Tesseract.OEM.LSTM_ONLY, {
      // A local path: tesseract.js reads it from disk and never reaches for its CDN default.
      langPath: this.folder,
      gzip: true,
      // Its default caches `<lang>.traineddata` in the working directory.
      cacheMethod: 'none',
      cachePath: this.folder,
      logger: () => {},
      errorHandler: () => {},
    })
  }

  /**
   * Recognises a picture (PNG or JPEG bytes) scanned at `dpi`, stopping the worker if it takes
   * longer than `timeoutMs`.
   */
  async recognize(image: Uint8Array, dpi: number, timeoutMs: number, signal?: AbortSignal): Promise<OcrPage> {
    this.worker ??= this.start()
    const worker = await this.worker
    // Tesseract guesses a resolution from the file when it is not told, and warns on stderr.
    await worker.setParameters({ user_defined_dpi: String(Math.round(Math.min(1200, Math.max(70, dpi)))) })
    let timer: NodeJS.Timeout | undefined
    let onAbort: (() => void) | undefined
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OcrTimeoutError(`OCR took longer than ${timeoutMs} ms`)), timeoutMs)
      onAbort = () => reject(signal?.reason ?? new Error('aborted'))
      signal?.addEventListener('abort', onAbort, { once: true })
    })
    try {
      const result = await Promise.race([
        worker.recognize(
          Buffer.from(image.buffer, image.byteOffset, image.byteLength),
          {},
          { blocks: true, text: false },
        ),
        stopped,
      ])
      return pageOf(result.data)
    } catch (error) {
      // A recognition cut short leaves the worker busy: stop it; the next page starts another.
      await this.close()
      throw error
    } finally {
      clearTimeout(timer)
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort)
    }
  }

  /** Stops the worker (its thread and WASM heap go with it). */
  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    if (worker !== undefined) await (await worker.catch(() => undefined))?.terminate().catch(() => {})
  }
}

function pageOf(data: Tesseract.Page): OcrPage {
  const lines: OcrLine[] = []
  for (const block of data.blocks ?? [])
    for (const paragraph of block.paragraphs)
      for (const line of paragraph.lines) {
        const words = line.words
          .filter((word) => word.text.trim() !== '')
          .map((word) => ({ text: word.text, ...word.bbox, confidence: word.confidence }))
        if (words.length > 0)
          lines.push({ words, baseline: { ...line.baseline }, rowHeight: line.rowAttributes.rowHeight })
      }
  return { lines, confidence: data.confidence }
}
