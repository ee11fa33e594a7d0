/**
 * The converters the fidelity bench runs on every corpus document: draftsmith's, through the
 * package's API in a conversion process of its own (`@draftsmith/convert/process`: warm, with the
 * production heap limit, as the worker and the CLI run it), and each format's peers — `pandoc -t
 * gfm`, LibreOffice headless, poppler's `pdftotext` — a process per document as each is used.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { formatOfMime } from '@draftsmith/convert'
import type { IsolatedConverter as Converter } from '@draftsmith/convert/process'
import { medianTime } from '../lib/stats.js'
import type { CorpusDocument, Format } from './corpus.js'

const run = promisify(execFile)

/**
 * A conversion's result: Markdown, or (`html: true`) HTML, which the scorer reads with the same
 * facets as HTML inside Markdown — LibreOffice has no Markdown writer, and its tables and
 * headings are what a person converting with it gets.
 */
export type Conversion = { ok: true; markdown: string; ms: number; html?: boolean } | { ok: false; reason: string }

/** A peer process that runs past this is stopped and its document counted as not converted. */
const peerTimeoutMs = 120_000

/** pandoc's reader for each format (2.17: none for PDF, DOC, slides, workbooks, mail, feeds, archives). */
const pandocReaders: Partial<Record<Format, string>> = {
  docx: 'docx',
  html: 'html',
  odt: 'odt',
  epub: 'epub',
  rtf: 'rtf',
  csv: 'csv',
  ipynb: 'ipynb',
}

const versionLine = (command: string, args: string[]) =>
  run(command, args).then(
    ({ stdout, stderr }) => `${stdout}${stderr}`.split('\n')[0]?.trim(),
    () => undefined,
  )

/** Time of `once` as the median of `repeats` runs after one untimed run that gives the result. */
async function timed(once: () => Promise<string>, repeats: number): Promise<Conversion> {
  try {
    const markdown = await once()
    return { ok: true, markdown, ms: await medianTime(once, repeats) }
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split('\n')[0] ?? String(error) }
  }
}

/** One run, timed: for a peer whose start-up of seconds is most of its time, repeats would only multiply the bench's. */
async function timedOnce(once: () => Promise<string>): Promise<Conversion> {
  const started = performance.now()
  try {
    const markdown = await once()
    return { ok: true, markdown, ms: performance.now() - started }
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split('\n')[0] ?? String(error) }
  }
}

/** A program the bench converts the same documents with, in the same run. */
export interface Peer {
  /** How the tables call it: `pandoc`, `LibreOffice`, `pdftotext`. */
  name: string
  /** Its version line; `undefined` when it is not installed (its column then says so). */
  version: string | undefined
  /** How to install it on Debian, for the line that says it is missing. */
  install: string
  reads(format: Format): boolean
  /** What it is run as for `format`, for the table's heading. */
  describe(format: Format): string
  convert(document: CorpusDocument, repeats: number): Promise<Conversion>
}

export async function pandocPeer(): Promise<Peer> {
  return {
    name: 'pandoc',
    version: await versionLine('pandoc', ['--version']),
    install: 'apt-get install pandoc',
    reads: (format) => pandocReaders[format] !== undefined,
    describe: (format) => `pandoc -f ${pandocReaders[format]} -t gfm`,
    convert: pandocConvert,
  }
}

export function pandocConvert(document: CorpusDocument, repeats: number): Promise<Conversion> {
  const reader = pandocReaders[document.format]
  if (reader === undefined) return Promise.resolve({ ok: false, reason: `pandoc has no ${document.format} reader` })
  return timed(
    async () =>
      (
        await run('pandoc', ['-f', reader, '-t', 'gfm', document.path], {
          maxBuffer: 256 * 1024 * 1024,
          timeout: peerTimeoutMs,
        })
      ).stdout,
    repeats,
  )
}

/**
 * LibreOffice headless: for DOC (pandoc has none) saving text, as it was first measured; for
 * slides, workbooks and CSV saving HTML (its tables and headings are what it keeps; text would
 * be one sheet's CSV), scored as HTML. A process per document, start-up included, as a server
 * would run it, with a profile of the bench's own (warmed once) so a LibreOffice running
 * elsewhere on the machine neither receives the conversion nor shares its profile's lock.
 */
const libreofficeTargets: Partial<Record<Format, { to: string; extension: string; html: boolean }>> = {
  doc: { to: 'txt:Text (encoded):UTF8', extension: 'txt', html: false },
  pptx: { to: 'html', extension: 'html', html: true },
  odp: { to: 'html', extension: 'html', html: true },
  ppt: { to: 'html', extension: 'html', html: true },
  xlsx: { to: 'html', extension: 'html', html: true },
  xlsm: { to: 'html', extension: 'html', html: true },
  xls: { to: 'html', extension: 'html', html: true },
  ods: { to: 'html', extension: 'html', html: true },
  csv: { to: 'html', extension: 'html', html: true },
}

export async function libreofficePeer(): Promise<Peer & { close(): void }> {
  const version = await versionLine('soffice', ['--version'])
  const profile = mkdtempSync(join(tmpdir(), 'fidelity-soffice-profile-'))
  const soffice = async (to: string, path: string, extension: string) => {
    const out = mkdtempSync(join(tmpdir(), 'fidelity-soffice-'))
    try {
      await run(
        'soffice',
        [
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          '--headless',
          '--convert-to',
          to,
          '--outdir',
          out,
          path,
        ],
        { timeout: peerTimeoutMs },
      )
      return readFileSync(join(out, `${basename(path).replace(/\.[^.]+$/, '')}.${extension}`), 'utf8')
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  }
  let warm: Promise<unknown> | undefined
  return {
    name: 'LibreOffice',
    version,
    install: 'apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui',
    reads: (format) => libreofficeTargets[format] !== undefined,
    describe: (format) =>
      `LibreOffice headless, saving ${libreofficeTargets[format]?.html ? 'HTML (scored as HTML)' : 'text'}, a process per document`,
    async convert(document) {
      const target = libreofficeTargets[document.format]
      if (target === undefined)
        return { ok: false, reason: `LibreOffice is not this bench's peer for ${document.format}` }
      // The profile's first start writes it (seconds): not a document's time.
      warm ??= (async () => {
        const dir = mkdtempSync(join(tmpdir(), 'fidelity-soffice-warm-'))
        try {
          writeFileSync(join(dir, 'warm.csv'), 'a,b\n1,2\n')
          await soffice('html', join(dir, 'warm.csv'), 'html').catch(() => undefined)
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      })()
      await warm
      const conversion = await timedOnce(() => soffice(target.to, document.path, target.extension))
      return conversion.ok ? { ...conversion, html: target.html } : conversion
    },
    close: () => rmSync(profile, { recursive: true, force: true }),
  }
}

/**
 * The PDF peer: poppler's `pdftotext` (a GPL binary, run as its own process and never linked)
 * in its reading-order mode, its text taken as the Markdown. It keeps words, not structure.
 */
export async function pdftotextPeer(): Promise<Peer> {
  return {
    name: 'pdftotext',
    version: await versionLine('pdftotext', ['-v']),
    install: 'apt-get install poppler-utils',
    reads: (format) => format === 'pdf',
    describe: () => 'pdftotext, its text scored as Markdown (pandoc has no PDF reader)',
    convert: (document, repeats) =>
      timed(
        async () =>
          (
            await run('pdftotext', ['-enc', 'UTF-8', document.path, '-'], {
              maxBuffer: 256 * 1024 * 1024,
              timeout: peerTimeoutMs,
            })
          ).stdout,
        repeats,
      ),
  }
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
