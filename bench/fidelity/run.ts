/**
 * `pnpm --filter @draftsmith/bench run fidelity [--format html] [--verbose] [--repeats 3] [--skip-memory] [--before DIR]`
 *
 * Converts every document of bench/fidelity/corpus with draftsmith (its IsolatedConverter, as the
 * worker runs it) and with `pandoc -t gfm`, scores both against the expected Markdown (see
 * score.ts and facets.ts), and prints per format each component, the target and whether it is
 * met, time per document beside pandoc's, and memory per conversion beside the document's size.
 * With `--before DIR`, another checkout's build converts every document in the same run, and
 * each format ends with its scores and times before and after (baseline.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { documentTypes } from '@draftsmith/convert/formats'
import { median, table } from '../lib/stats.js'
import { articleHtml, tableHtml } from '../worker/documents.js'
import { BaselineConverter } from './baseline.js'
import {
  DraftsmithConverter,
  pandocConvert,
  pandocReads,
  pandocVersion,
  libreofficeConvert,
  libreofficeVersion,
  pdftotextConvert,
  pdftotextVersion,
  type Conversion,
} from './converters.js'
import { formats, loadCorpus, type CorpusDocument, type Format } from './corpus.js'
import { emptyFacets } from './facets.js'
import { markdownFacets } from './markdown-facets.js'
import { conversionMemory, type MemoryUse } from './memory.js'
import { components, meanScores, scoreDocument, type DocumentScore } from './score.js'
import { componentLabels, targets } from './targets.js'

// `pnpm run fidelity -- --format pdf` hands the script a literal `--` (pnpm 12 passes it on).
const { values: options } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    format: { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false },
    repeats: { type: 'string', default: '3' },
    'skip-memory': { type: 'boolean', default: false },
    before: { type: 'string' },
  },
})
const repeats = Math.max(1, Number(options.repeats))
const chosen = (options.format ?? formats) as Format[]

interface DocumentRun {
  document: CorpusDocument
  ours: Conversion
  theirs: Conversion | undefined
  ourScore: DocumentScore
  theirScore: DocumentScore | undefined
  memory: MemoryUse | undefined
  /** The `--before` build's conversion and score. */
  before: { conversion: Conversion; score: DocumentScore } | undefined
}

const MB = 1024 * 1024
const fixed = (value: number | null | undefined, component?: string, digits = 2) =>
  value === null || value === undefined
    ? '—'
    : component === 'pictures'
      ? `${Math.round(value * 100)}%`
      : value.toFixed(digits)
const size = (bytes: number) =>
  bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`

function score(document: CorpusDocument, conversion: Conversion): DocumentScore {
  const expected = markdownFacets(document.expected)
  return scoreDocument(expected, conversion.ok ? markdownFacets(conversion.markdown) : emptyFacets())
}

async function runFormat(
  format: Format,
  draftsmith: DraftsmithConverter,
  pandoc: string | undefined,
  baseline: BaselineConverter | undefined,
): Promise<DocumentRun[]> {
  const { documents, unpaired } = loadCorpus(format)
  if (unpaired.length > 0)
    console.log(
      `\n${format}: ${unpaired.length} documents without expected Markdown, not scored: ${unpaired.join(', ')}`,
    )
  const warmUp = [...documents].sort((a, b) => a.bytes.length - b.bytes.length)[0]
  const runs: DocumentRun[] = []
  for (const document of documents) {
    const before = baseline && (await baseline.convert(document, repeats))
    // docling's HTML groundtruth is the whole page (wiki_duck keeps its 136 languages), as pandoc
    // converts it: the HTML reader is scored on whole pages; reader mode on corpus/web (ADR 085).
    const ours = await draftsmith.convert(document, repeats, format === 'html' ? { mainContent: false } : {})
    const theirs =
      format === 'pdf'
        ? pdftotext !== undefined
          ? await pdftotextConvert(document, repeats)
          : undefined
        : format === 'doc'
          ? libreoffice !== undefined
            ? await libreofficeConvert(document, repeats)
            : undefined
          : pandoc !== undefined && pandocReads(format)
            ? await pandocConvert(document, repeats)
            : undefined
    const memory =
      options['skip-memory'] || warmUp === undefined
        ? undefined
        : await conversionMemory(document.mime, document.path, warmUp.path)
    runs.push({
      document,
      ours,
      theirs,
      ourScore: score(document, ours),
      theirScore: theirs && score(document, theirs),
      memory,
      before: before && { conversion: before, score: score(document, before) },
    })
  }
  return runs
}

function printFormat(format: Format, runs: DocumentRun[], pandoc: string | undefined): void {
  const target = targets[format]
  // pandoc has no PDF reader: for PDF the peer is poppler's pdftotext (words only).
  // For DOC, LibreOffice headless (pandoc has no DOC reader), its text scored as Markdown.
  const peer = format === 'pdf' ? 'pdftotext' : format === 'doc' ? 'LibreOffice' : 'pandoc'
  const withPandoc =
    format === 'pdf'
      ? pdftotext !== undefined
      : format === 'doc'
        ? libreoffice !== undefined
        : pandoc !== undefined && pandocReads(format)
  const beside =
    format === 'pdf'
      ? ` beside ${pdftotext} (pandoc has no PDF reader)`
      : format === 'doc'
        ? ` beside ${libreoffice} headless, saving text (pandoc has no DOC reader)`
        : ` beside ${pandoc} -t gfm`
  console.log(
    `\n## ${format.toUpperCase()}: ${runs.length} documents (bench/fidelity/corpus/${format})${withPandoc ? beside : format === 'pdf' ? ' — pdftotext not installed (Debian: poppler-utils): its column is empty' : pandocReads(format) ? ' — pandoc not installed: its column is empty' : ' — pandoc has no reader for this format'}\n`,
  )
  if (runs.length === 0) return
  const ours = meanScores(runs.map((r) => r.ourScore))
  const theirs = withPandoc ? meanScores(runs.map((r) => r.theirScore as DocumentScore)) : undefined
  const rows = components.map((component) => {
    const minimum = target.minimum[component]
    const comparePandoc = target.atLeastPandoc && theirs !== undefined && theirs[component] !== null
    const wanted = [minimum !== undefined ? `≥ ${minimum.toFixed(2)}` : '', comparePandoc ? '≥ pandoc' : '']
      .filter(Boolean)
      .join(', ')
    const value = ours[component]
    const met =
      wanted === '' || value === null
        ? ''
        : (minimum === undefined || value >= minimum) &&
            (!comparePandoc || value >= (theirs[component] as number) - 1e-9)
          ? 'met'
          : 'NOT MET'
    // Three digits: a target is met or not on the value itself, not on its rounding.
    return [
      componentLabels[component],
      fixed(value, component, 3),
      theirs ? fixed(theirs[component], component, 3) : '—',
      wanted || '—',
      met,
    ]
  })
  console.log(table(['component', 'draftsmith', peer, 'target', ''], rows))

  const failed = runs.filter((r) => !r.ours.ok)
  for (const run of failed)
    console.log(`  draftsmith failed on ${run.document.name}: ${(run.ours as { reason: string }).reason}`)
  const oursMs = runs.filter((r) => r.ours.ok).map((r) => (r.ours as { ms: number }).ms)
  const meanOurs = oursMs.reduce((a, b) => a + b, 0) / Math.max(1, oursMs.length)
  let timeLine = `\ntime per document (median of ${repeats} each, mean over the documents): draftsmith ${meanOurs.toFixed(1)} ms`
  if (withPandoc) {
    const theirMs = runs.filter((r) => r.theirs?.ok).map((r) => (r.theirs as { ms: number }).ms)
    const meanTheirs = theirMs.reduce((a, b) => a + b, 0) / Math.max(1, theirMs.length)
    const ratio = meanOurs / meanTheirs
    timeLine += `, ${peer} ${meanTheirs.toFixed(1)} ms: ${ratio.toFixed(2)}× ${peer}'s time`
    if (target.timeRatio)
      timeLine += ` — target ≤ ${target.timeRatio.max.toFixed(2)}× (aim ${target.timeRatio.aim.toFixed(2)}×): ${ratio <= target.timeRatio.max ? 'met' : 'NOT MET'}`
  }
  console.log(timeLine)

  const measured = runs.filter((r) => r.memory?.ok) as Array<DocumentRun & { memory: { peakBytes: number } }>
  if (measured.length > 0) {
    const peaks = measured.map((r) => r.memory.peakBytes)
    const large = measured.filter((r) => r.document.bytes.length >= 100 * 1024)
    const worst = [...measured].sort((a, b) => b.memory.peakBytes - a.memory.peakBytes)[0] as (typeof measured)[number]
    let line = `memory per conversion (peak RSS above the idle conversion process, 256 MB heap): median ${size(median(peaks))}, largest ${size(worst.memory.peakBytes)} (${worst.document.name}, ${size(worst.document.bytes.length)})`
    if (large.length > 0)
      line += `; documents ≥ 100 KB: median ${median(large.map((r) => r.memory.peakBytes / r.document.bytes.length)).toFixed(0)}× their size`
    console.log(line)
  }
  for (const run of runs.filter((r) => r.memory && !r.memory.ok))
    console.log(`  memory not measured for ${run.document.name}: ${(run.memory as { reason: string }).reason}`)

  printBeforeAfter(runs)

  if (options.verbose) {
    console.log('')
    const header = ['document', 'size', ...components.map((c) => componentLabels[c]), 'ms', `${peer} ms`, 'memory']
    const perDocument = runs.map((r) => [
      r.document.name,
      size(r.document.bytes.length),
      ...components.map((c) => `${fixed(r.ourScore[c], c)}${r.theirScore ? ` / ${fixed(r.theirScore[c], c)}` : ''}`),
      r.ours.ok ? r.ours.ms.toFixed(1) : 'failed',
      r.theirs?.ok ? r.theirs.ms.toFixed(0) : '—',
      r.memory?.ok ? size(r.memory.peakBytes) : '—',
    ])
    console.log(table(header, perDocument))
    console.log(`(draftsmith / ${peer} per component)`)
  }
}

/** `--before`: each component and the time per document, the other build beside this one. */
function printBeforeAfter(runs: DocumentRun[]): void {
  const compared = runs.filter((r) => r.before !== undefined) as Array<
    DocumentRun & { before: NonNullable<DocumentRun['before']> }
  >
  if (compared.length === 0) return
  const before = meanScores(compared.map((r) => r.before.score))
  const after = meanScores(compared.map((r) => r.ourScore))
  const rows = components
    .filter((component) => before[component] !== null || after[component] !== null)
    .map((component) => {
      const [b, a] = [before[component], after[component]]
      const delta =
        b === null || a === null
          ? ''
          : Math.abs(a - b) <= 1e-9
            ? 'same'
            : `${a > b ? 'better' : 'WORSE'} (${a > b ? '+' : '−'}${Math.abs(a - b).toFixed(4)})`
      return [componentLabels[component], fixed(b, component, 3), fixed(a, component, 3), delta]
    })
  console.log(`\nbefore (${options.before}) and after (this checkout), same documents, same run:\n`)
  console.log(table(['component', 'before', 'after', ''], rows))
  const mean = (values: number[]) => values.reduce((x, y) => x + y, 0) / Math.max(1, values.length)
  const both = compared.filter((r) => r.before.conversion.ok && r.ours.ok)
  const beforeMs = mean(both.map((r) => (r.before.conversion as { ms: number }).ms))
  const afterMs = mean(both.map((r) => (r.ours as { ms: number }).ms))
  console.log(
    `time per document (documents both converted: ${both.length}): before ${beforeMs.toFixed(1)} ms, after ${afterMs.toFixed(1)} ms: ${(afterMs / beforeMs).toFixed(2)}× the time before`,
  )
  for (const r of compared.filter((r) => r.before.conversion.ok !== r.ours.ok))
    console.log(`  ${r.document.name}: converted ${r.ours.ok ? 'after only' : 'before only'}`)
}

/** Pages far larger than the corpus' (issue 11: a 10 MiB page must convert within the default heap). */
async function bigPages(draftsmith: DraftsmithConverter): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-fidelity-'))
  try {
    const warmUp = join(dir, 'warm-up.html')
    writeFileSync(warmUp, '<p>warm up</p>')
    const pages = [
      { label: '1 MB table', html: tableHtml(MB) },
      { label: '2.5 MB article', html: articleHtml(2.5 * MB) },
      { label: '10 MiB article', html: articleHtml(10 * MB) },
    ]
    const rows: string[][] = []
    for (const page of pages) {
      const path = join(dir, 'page.html')
      const bytes = Buffer.from(page.html)
      writeFileSync(path, bytes)
      const converted = await draftsmith.convert({ mime: documentTypes.html, bytes }, 1)
      const memory = options['skip-memory'] ? undefined : await conversionMemory(documentTypes.html, path, warmUp)
      rows.push([
        page.label,
        converted.ok ? 'yes' : `no: ${converted.reason}`,
        converted.ok ? `${converted.ms.toFixed(0)} ms` : '—',
        memory?.ok ? size(memory.peakBytes) : memory ? memory.reason : '—',
        memory?.ok ? `${(memory.peakBytes / bytes.length).toFixed(1)}×` : '—',
      ])
    }
    console.log(
      '\n### Big HTML pages (target: memory ≤ ~20× the page, a 10 MiB page converts in the default 256 MB heap)\n',
    )
    console.log(table(['page', 'converts in 256 MB', 'time', 'peak memory', '× page size'], rows))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const pandoc = await pandocVersion()
const pdftotext = chosen.includes('pdf') ? await pdftotextVersion() : undefined
const libreoffice = chosen.includes('doc') ? await libreofficeVersion() : undefined
if (pandoc === undefined)
  console.log('pandoc is not installed (Debian: apt-get install pandoc): its columns are left empty')
const draftsmith = new DraftsmithConverter()
const baseline = options.before === undefined ? undefined : await BaselineConverter.open(options.before)
try {
  console.log('# Fidelity: draftsmith beside pandoc on the corpus')
  for (const format of chosen) printFormat(format, await runFormat(format, draftsmith, pandoc, baseline), pandoc)
  if (chosen.includes('html')) await bigPages(draftsmith)
  console.log(`
Scores: words in order = 2·(words in their longest common subsequence) / (words in both), over
the rendered text; headings, table cells, list items and links = F1 over the multisets of their
texts (targets); pictures = share of the expected pictures shown; equations = the same ratio over
LaTeX tokens. Each is the mean over the documents it applies to. Markdown is parsed with remark
(GFM, math), HTML inside it with htmlparser2.`)
} finally {
  await draftsmith.close()
  await baseline?.close()
}
