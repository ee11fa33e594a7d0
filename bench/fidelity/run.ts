/**
 * `pnpm --filter @draftsmith/bench run fidelity [--format html] [--verbose] [--repeats 3] [--skip-memory] [--before DIR]`
 *
 * Converts every document of bench/fidelity/corpus with draftsmith (its IsolatedConverter, as the
 * worker runs it) and with each peer that reads its format (`pandoc -t gfm`, LibreOffice headless,
 * `pdftotext`: converters.ts), scores them against the expected Markdown (see score.ts and
 * facets.ts), and prints per format each component beside each peer's, the target and whether it
 * is met, time per document beside the peers', and memory per conversion beside the document's size.
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
  libreofficePeer,
  pandocPeer,
  pdftotextPeer,
  type Conversion,
  type Peer,
} from './converters.js'
import { formats, loadCorpus, type CorpusDocument, type Format } from './corpus.js'
import { emptyFacets } from './facets.js'
import { htmlFacets } from './html-facets.js'
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
for (const format of chosen)
  if (!(formats as readonly string[]).includes(format)) {
    console.error(`no corpus for ${format}: the formats are ${formats.join(', ')}`)
    process.exit(2)
  }

interface DocumentRun {
  document: CorpusDocument
  ours: Conversion
  ourScore: DocumentScore
  /** Each of the format's peers (as `peersOf` lists them): `undefined` where it is not installed. */
  peers: Array<{ conversion: Conversion; score: DocumentScore } | undefined>
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
  const actual = !conversion.ok
    ? emptyFacets()
    : conversion.html
      ? htmlFacets(conversion.markdown)
      : markdownFacets(conversion.markdown)
  return scoreDocument(expected, actual)
}

/** The peers that read `format`, in the order of their columns. */
const peersOf = (format: Format) => peers.filter((peer) => peer.reads(format))

async function runFormat(
  format: Format,
  draftsmith: DraftsmithConverter,
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
    const theirs: DocumentRun['peers'] = []
    for (const peer of peersOf(format)) {
      if (peer.version === undefined) {
        theirs.push(undefined)
        continue
      }
      const conversion = await peer.convert(document, repeats)
      theirs.push({ conversion, score: score(document, conversion) })
    }
    const memory =
      options['skip-memory'] || warmUp === undefined
        ? undefined
        : await conversionMemory(document.mime, document.path, warmUp.path)
    runs.push({
      document,
      ours,
      ourScore: score(document, ours),
      peers: theirs,
      memory,
      before: before && { conversion: before, score: score(document, before) },
    })
  }
  return runs
}

function printFormat(format: Format, runs: DocumentRun[]): void {
  const target = targets[format]
  const these = peersOf(format)
  const installed = these.filter((peer) => peer.version !== undefined)
  const beside =
    these.length === 0
      ? ' — no peer: none of pandoc, LibreOffice and pdftotext reads this format'
      : ` beside ${these
          .map((peer) =>
            peer.version === undefined
              ? `${peer.name} (MISSING: not installed; Debian: ${peer.install})`
              : `${peer.describe(format)} (${peer.version})`,
          )
          .join(' and ')}`
  console.log(`\n## ${format.toUpperCase()}: ${runs.length} documents (bench/fidelity/corpus/${format})${beside}\n`)
  if (runs.length === 0) return
  const ours = meanScores(runs.map((r) => r.ourScore))
  const theirs = these.map((peer, i) =>
    peer.version === undefined ? undefined : meanScores(runs.map((r) => r.peers[i]?.score as DocumentScore)),
  )
  const pandocScores = theirs[these.findIndex((peer) => peer.name === 'pandoc')]
  const rows = components.map((component) => {
    const minimum = target.minimum[component]
    const comparePandoc = target.atLeastPandoc && pandocScores !== undefined && pandocScores[component] !== null
    const wanted = [minimum !== undefined ? `≥ ${minimum.toFixed(2)}` : '', comparePandoc ? '≥ pandoc' : '']
      .filter(Boolean)
      .join(', ')
    const value = ours[component]
    const met =
      wanted === '' || value === null
        ? ''
        : (minimum === undefined || value >= minimum) &&
            (!comparePandoc || value >= (pandocScores[component] as number) - 1e-9)
          ? 'met'
          : 'NOT MET'
    // Three digits: a target is met or not on the value itself, not on its rounding.
    return [
      componentLabels[component],
      fixed(value, component, 3),
      ...(these.length === 0
        ? ['—']
        : theirs.map((scores) => (scores === undefined ? 'missing' : fixed(scores[component], component, 3)))),
      wanted || '—',
      met,
    ]
  })
  const peerColumns = these.length === 0 ? ['no peer'] : these.map((peer) => peer.name)
  console.log(table(['component', 'draftsmith', ...peerColumns, 'target', ''], rows))

  const failed = runs.filter((r) => !r.ours.ok)
  for (const run of failed)
    console.log(`  draftsmith failed on ${run.document.name}: ${(run.ours as { reason: string }).reason}`)
  installed.forEach((peer) => {
    const i = these.indexOf(peer)
    for (const run of runs) {
      const conversion = run.peers[i]?.conversion
      if (conversion && !conversion.ok)
        console.log(`  ${peer.name} failed on ${run.document.name}: ${conversion.reason}`)
    }
  })
  const oursMs = runs.filter((r) => r.ours.ok).map((r) => (r.ours as { ms: number }).ms)
  const meanOurs = oursMs.reduce((a, b) => a + b, 0) / Math.max(1, oursMs.length)
  let timeLine = `\ntime per document (mean over the documents; draftsmith the median of ${repeats} runs each): draftsmith ${meanOurs.toFixed(1)} ms`
  these.forEach((peer, i) => {
    if (peer.version === undefined) return
    const theirMs = runs.flatMap((r) => {
      const conversion = r.peers[i]?.conversion
      return conversion?.ok ? [conversion.ms] : []
    })
    if (theirMs.length === 0) {
      timeLine += `, ${peer.name} converted none`
      return
    }
    const meanTheirs = theirMs.reduce((a, b) => a + b, 0) / theirMs.length
    const ratio = meanOurs / meanTheirs
    // Two significant digits below 0.1: LibreOffice's start-up makes ours 0.00× at two decimals.
    timeLine += `, ${peer.name} ${meanTheirs.toFixed(1)} ms: ${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}× ${peer.name}'s time`
    if (target.timeRatio && peer.name === 'pandoc')
      timeLine += ` — target ≤ ${target.timeRatio.max.toFixed(2)}× (aim ${target.timeRatio.aim.toFixed(2)}×): ${ratio <= target.timeRatio.max ? 'met' : 'NOT MET'}`
  })
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
    const peerMs = these.map((peer) => `${peer.name} ms`)
    const header = ['document', 'size', ...components.map((c) => componentLabels[c]), 'ms', ...peerMs, 'memory']
    const perDocument = runs.map((r) => [
      r.document.name,
      size(r.document.bytes.length),
      ...components.map((c) =>
        [fixed(r.ourScore[c], c), ...r.peers.map((peer) => (peer ? fixed(peer.score[c], c) : 'missing'))].join(' / '),
      ),
      r.ours.ok ? r.ours.ms.toFixed(1) : 'failed',
      ...r.peers.map((peer) => (peer?.conversion.ok ? peer.conversion.ms.toFixed(0) : '—')),
      r.memory?.ok ? size(r.memory.peakBytes) : '—',
    ])
    console.log(table(header, perDocument))
    console.log(`(draftsmith${these.map((peer) => ` / ${peer.name}`).join('')} per component)`)
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

const libreoffice = await libreofficePeer()
const peers: Peer[] = [await pandocPeer(), libreoffice, await pdftotextPeer()]
for (const peer of peers)
  if (peer.version === undefined && chosen.some((format) => peer.reads(format)))
    console.log(`${peer.name} is not installed (Debian: ${peer.install}): its columns say missing`)
const draftsmith = new DraftsmithConverter()
const baseline = options.before === undefined ? undefined : await BaselineConverter.open(options.before)
try {
  console.log('# Fidelity: draftsmith beside its peers on the corpus')
  for (const format of chosen) printFormat(format, await runFormat(format, draftsmith, baseline))
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
  libreoffice.close()
}
