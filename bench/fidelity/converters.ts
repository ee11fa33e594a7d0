/**
 * The two converters the fidelity bench runs on every corpus document: draftsmith's, through the
 * package's API in a conversion process of its own (`@draftsmith/convert/process`: warm, with the
 * production heap limit, as the worker and the CLI run it), and `pandoc -t gfm`, a process per
 * document as it is used.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatOfMime } from '@draftsmith/convert'
import type { IsolatedConverter as Converter } from '@draftsmith/convert/process'
import { medianTime } from '../lib/stats.js'
import type { CorpusDocument, Format } from './corpus.js'

const run = promisify(execFile)

export type Conversion = { ok: true; markdown: string; ms: number } | { ok: false; reason: string }

/** pandoc's reader for each format; it has none for PDF. */
const pandocReaders: Partial<Record<Format, string>> = {
  docx: 'docx',
  html: 'html',
  odt: 'odt',
  epub: 'epub',
  rtf: 'rtf',
}

export async function pandocVersion(): Promise<string | undefined> {
  return run('pandoc', ['--version']).then(
    ({ stdout }) => stdout.split('\n')[0]?.trim(),
    () => undefined,
  )
}

export const pandocReads = (format: Format) => pandocReaders[format] !== undefined

/** Time of `once` as the median of `repeats` runs after one untimed run that gives the result. */
async function timed(once: () => Promise<string>, repeats: number): Promise<Conversion> {
  try {
    const markdown = await once()
    return { ok: true, markdown, ms: await medianTime(once, repeats) }
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split('\n')[0] ?? String(error) }
  }
}

export function pandocConvert(document: CorpusDocument, repeats: number): Promise<Conversion> {
  const reader = pandocReaders[document.format]
  if (reader === undefined) return Promise.resolve({ ok: false, reason: `pandoc has no ${document.format} reader` })
  return timed(
    async () =>
      (await run('pandoc', ['-f', reader, '-t', 'gfm', document.path], { maxBuffer: 256 * 1024 * 1024 })).stdout,
    repeats,
  )
}

/** LibreOffice's version line, or `undefined` when `soffice` is not installed (Debian: libreoffice-writer-nogui). */
export async function libreofficeVersion(): Promise<string | undefined> {
  return run('soffice', ['--version']).then(
    ({ stdout }) => stdout.split('\n')[0]?.trim(),
    () => undefined,
  )
}

/**
 * LibreOffice headless, the peer for legacy DOC (pandoc has no DOC reader): the document saved as
 * text, a process per conversion as a server would run it (start-up included), scored as Markdown.
 */
export function libreofficeConvert(document: CorpusDocument, repeats: number): Promise<Conversion> {
  return timed(async () => {
    const out = mkdtempSync(join(tmpdir(), 'fidelity-soffice-'))
    try {
      await run('soffice', ['--headless', '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', out, document.path])
      return readFileSync(join(out, `${basename(document.path).replace(/\.[^.]+$/, '')}.txt`), 'utf8')
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }, repeats)
}

/** poppler's `pdftotext` version line, or `undefined` when it is not installed (Debian: poppler-utils). */
export async function pdftotextVersion(): Promise<string | undefined> {
  return run('pdftotext', ['-v']).then(
    ({ stdout, stderr }) => `${stdout}${stderr}`.split('\n')[0]?.trim(),
    () => undefined,
  )
}

/**
 * The PDF peer: poppler's `pdftotext` (a GPL binary, run as its own process and never linked)
 * in its reading-order mode, its text taken as the Markdown. It keeps words, not structure.
 */
export function pdftotextConvert(document: CorpusDocument, repeats: number): Promise<Conversion> {
  return timed(
    async () =>
      (await run('pdftotext', ['-enc', 'UTF-8', document.path, '-'], { maxBuffer: 256 * 1024 * 1024 })).stdout,
    repeats,
  )
}

/**
 * The engine as production runs it: built (`pnpm bench` builds first). From source its conversion
 * processes would carry a TypeScript loader, tens of MB the bounds then count against documents.
 */
const built = new URL('../../packages/convert/dist/process/index.js', import.meta.url)
if (!existsSync(fileURLToPath(built))) throw new Error('the engine is not built: run pnpm build first')
const { IsolatedConverter } = (await import(built.href)) as typeof import('@draftsmith/convert/process')

export class DraftsmithConverter {
  private readonly pool: Converter

  /** One conversion process at a time, so times are not shared with a second conversion. */
  constructor(maxHeapMb = 256) {
    this.pool = new IsolatedConverter({ processes: 1, maxHeapMb })
  }

  /** `mainContent: false`: a page whole, as docling's groundtruth and pandoc have it (ADR 085). */
  convert(
    document: { mime: string; bytes: Buffer },
    repeats: number,
    options: { mainContent?: boolean } = {},
  ): Promise<Conversion> {
    return timed(async () => {
      const outcome = await this.pool.convert(document.bytes, { ...options, format: formatOfMime(document.mime) })
      if (!outcome.ok) throw new Error(outcome.reason)
      return outcome.markdown
    }, repeats)
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
