/**
 * Business tables set without rulings (issue 20, ADR 083): invoices, orders and reports printed
 * to PDF by Chromium from the HTML beside them (corpus/), scored against their source tables
 * (`<name>.md`) with the fidelity bench's facets — table cells F1 first, words in order and
 * headings beside — for draftsmith (the engine from source, in this process) and poppler's
 * `pdftotext -layout` (which keeps columns as spaces, no table), in the same run.
 *
 * `pnpm --filter @draftsmith/bench run tables`
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { convert } from '@draftsmith/convert'
import { markdownFacets } from '../fidelity/markdown-facets.js'
import { scoreDocument } from '../fidelity/score.js'

const run = promisify(execFile)
const corpus = fileURLToPath(new URL('./corpus/', import.meta.url))
const names = readdirSync(corpus)
  .filter((f) => f.endsWith('.pdf'))
  .map((f) => f.slice(0, -4))
  .sort()

const fixed = (n: number | null) => (n === null ? '—' : n.toFixed(3))
const sums = { ours: 0, peer: 0 }
console.log(
  '| document | table cells: draftsmith | pdftotext | words in order: draftsmith | pdftotext | headings: draftsmith |',
)
console.log('|---|---:|---:|---:|---:|---:|')
for (const name of names) {
  const pdf = readFileSync(join(corpus, `${name}.pdf`))
  const expected = markdownFacets(readFileSync(join(corpus, `${name}.md`), 'utf8'))
  const ours = scoreDocument(expected, markdownFacets((await convert(pdf, { format: 'pdf' })).markdown))
  const text = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', join(corpus, `${name}.pdf`), '-'])).stdout
  const peer = scoreDocument(expected, markdownFacets(text))
  sums.ours += ours.cells ?? 0
  sums.peer += peer.cells ?? 0
  console.log(
    `| ${name} | ${fixed(ours.cells)} | ${fixed(peer.cells)} | ${fixed(ours.words)} | ${fixed(peer.words)} | ${fixed(ours.headings)} |`,
  )
}
const mean = sums.ours / names.length
console.log(
  `| **mean** | ${fixed(mean)} | ${fixed(sums.peer / names.length)} | | | |\n\ntable cells ≥ 0.80: ${mean >= 0.8 ? 'met' : 'missed'}`,
)
