/**
 * `pnpm --filter @draftsmith/bench run main-content [--repeats 3] [--verbose]`
 *
 * Reader mode on saved real pages (corpus/web: an encyclopedia article, documentation, a news
 * post, a search-results page; SOURCES.md): each page converted by draftsmith as it converts
 * uploads (its article), by draftsmith whole (`mainContent: false`) and by `pandoc -t gfm`
 * (whole: it has no reader mode), scored against the article's own text (main-content-expected.ts).
 * Issue 21's targets: boilerplate words ≤ 2% of the output's words, article words kept ≥ 0.97.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { documentTypes } from '@draftsmith/convert/formats'
import { table } from '../lib/stats.js'
import { DraftsmithConverter, pandocConvert, type Conversion } from './converters.js'
import { corpusRoot, loadFolder, type CorpusDocument } from './corpus.js'
import { markdownFacets } from './markdown-facets.js'
import { scoreDocument } from './score.js'

const { values: options } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { repeats: { type: 'string', default: '3' }, verbose: { type: 'boolean', default: false } },
})
const repeats = Math.max(1, Number(options.repeats))

const BOILERPLATE_MAX = 0.02
const KEPT_MIN = 0.97

interface Measure {
  /** Share of the output's words that are not the article's (a multiset difference). */
  boilerplate: number
  /** Share of the article's words the output has (multiset recall). */
  kept: number
  words: number
  links: number
  ms: number
}

function counts(words: string[]): Map<string, number> {
  const map = new Map<string, number>()
  for (const word of words) map.set(word, (map.get(word) ?? 0) + 1)
  return map
}

function measure(document: CorpusDocument, conversion: Conversion): Measure | undefined {
  if (!conversion.ok) return undefined
  const expected = markdownFacets(document.expected)
  const actual = markdownFacets(conversion.markdown)
  const left = counts(expected.words)
  let shared = 0
  for (const word of actual.words) {
    const n = left.get(word) ?? 0
    if (n > 0) {
      shared++
      left.set(word, n - 1)
    }
  }
  const score = scoreDocument(expected, actual)
  return {
    boilerplate: actual.words.length === 0 ? 0 : (actual.words.length - shared) / actual.words.length,
    kept: expected.words.length === 0 ? 1 : shared / expected.words.length,
    words: score.words ?? 0,
    links: score.links ?? 0,
    ms: conversion.ms,
  }
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`
const draftsmith = new DraftsmithConverter()
try {
  const { documents } = loadFolder(join(corpusRoot, 'web'), 'html', documentTypes.html)
  const rows: string[][] = []
  const all: Record<'reader' | 'whole' | 'pandoc', Measure[]> = { reader: [], whole: [], pandoc: [] }
  for (const document of documents) {
    const reader = measure(document, await draftsmith.convert(document, repeats))
    const whole = measure(document, await draftsmith.convert(document, repeats, { mainContent: false }))
    const pandoc = measure(document, await pandocConvert({ ...document, format: 'html' }, repeats))
    for (const [key, value] of [
      ['reader', reader],
      ['whole', whole],
      ['pandoc', pandoc],
    ] as const)
      if (value !== undefined) all[key].push(value)
    const cell = (m: Measure | undefined) =>
      m === undefined ? 'failed' : `${percent(m.boilerplate)} / ${m.kept.toFixed(3)} / ${m.ms.toFixed(0)} ms`
    rows.push([
      document.name,
      `${Math.round(document.bytes.length / 1024)} KB`,
      cell(reader),
      cell(whole),
      cell(pandoc),
    ])
  }
  console.log('# Reader mode on saved pages (bench/fidelity/corpus/web)\n')
  console.log("per page: boilerplate share of the output's words / article words kept / time (median)\n")
  console.log(table(['page', 'size', 'draftsmith (article)', 'draftsmith whole', 'pandoc (whole)'], rows))
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
  const summary = (Object.keys(all) as Array<keyof typeof all>).map((key) => {
    const m = all[key]
    return [
      key === 'reader' ? 'draftsmith (article)' : key === 'whole' ? 'draftsmith whole' : 'pandoc (whole)',
      percent(Math.max(...m.map((x) => x.boilerplate))),
      Math.min(...m.map((x) => x.kept)).toFixed(3),
      mean(m.map((x) => x.words)).toFixed(3),
      mean(m.map((x) => x.links)).toFixed(3),
      `${mean(m.map((x) => x.ms)).toFixed(0)} ms`,
    ]
  })
  console.log('\nworst page for each (targets: boilerplate ≤ 2%, article words kept ≥ 0.97), and means:\n')
  console.log(
    table(['converter', 'boilerplate (worst)', 'kept (worst)', 'words in order', 'links', 'time per page'], summary),
  )
  const reader = all.reader
  const met =
    reader.length === documents.length && reader.every((m) => m.boilerplate <= BOILERPLATE_MAX && m.kept >= KEPT_MIN)
  console.log(`\nissue 21's targets on every page: ${met ? 'met' : 'NOT MET'}`)
} finally {
  await draftsmith.close()
}
