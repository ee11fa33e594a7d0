// What a conversion found in the document and what it could not keep, so nothing is dropped
// silently; what OCR read and how sure it was; what the document says about itself; and which
// engine made the Markdown. Each part only when the report has it (older reports have less).
import { el } from './dom.js'
import { plural } from './format.js'

const labels = {
  pages: 'Pages',
  headings: 'Headings',
  paragraphs: 'Paragraphs',
  lists: 'Lists',
  tables: 'Tables',
  images: 'Pictures',
  equations: 'Equations',
  footnotes: 'Footnotes',
  links: 'Links',
  comments: 'Comments',
  trackedChanges: 'Tracked changes',
  codeBlocks: 'Code blocks',
  words: 'Words',
}
const label = (key) => labels[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase())

function counts(entries) {
  return el(
    'dl',
    { className: 'counts' },
    entries.map(([key, value]) => el('div', {}, el('dt', {}, label(key)), el('dd', {}, String(value)))),
  )
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' })
const languageName = (code) => {
  try {
    return languageNames.of(code) ?? code
  } catch {
    return code
  }
}
const listOf = (items) => new Intl.ListFormat('en', { type: 'conjunction' }).format(items)
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** Below this mean confidence (0–100) OCR's text has errors on most lines (ADR 121). */
const LOW_CONFIDENCE = 60

/**
 * OCR's part of the report as sentences: "Read by OCR (English): 3 pages, mean confidence 91 %;
 * 1 page kept as a picture." (`ocr: { pages, meanConfidence, picturesOnly, languages }`).
 */
export function ocrSentences(ocr) {
  const languages = Array.isArray(ocr.languages) && ocr.languages.length > 0 ? ocr.languages.map(languageName) : []
  const by = languages.length > 0 ? ` (${listOf(languages)})` : ''
  const pages = Number(ocr.pages) || 0
  const pictures = Number(ocr.picturesOnly) || 0
  const kept = `${plural(pictures, 'page')} kept as ${pictures === 1 ? 'a picture' : 'pictures'}`
  if (pages === 0) return [pictures > 0 ? `OCR${by} read no page: ${kept}.` : `OCR${by} read no page.`]
  const confidence = Number(ocr.meanConfidence)
  const sure = Number.isFinite(confidence) ? `, mean confidence ${Math.round(confidence)} %` : ''
  const sentences = [`Read by OCR${by}: ${plural(pages, 'page')}${sure}${pictures > 0 ? `; ${kept}` : ''}.`]
  if (Number.isFinite(confidence) && confidence < LOW_CONFIDENCE)
    sentences.push('The confidence is low: check the text against the original.')
  return sentences
}

const about = {
  title: 'Title',
  authors: 'Authors',
  subject: 'Subject',
  description: 'Description',
  keywords: 'Keywords',
  created: 'Created',
  modified: 'Modified',
  language: 'Language',
}

function aboutValue(key, value) {
  if (Array.isArray(value)) return key === 'authors' ? listOf(value.map(String)) : value.join(', ')
  if (key === 'created' || key === 'modified') {
    const date = new Date(value)
    return Number.isNaN(date.getTime()) ? String(value) : when.format(date)
  }
  if (key === 'language') return `${languageName(String(value))} (${value})`
  return String(value)
}

/** What the document says about itself (the fields YAML front matter would carry). */
function metadataView(metadata) {
  const rows = Object.entries(about)
    .filter(([key]) => metadata[key] !== undefined && metadata[key] !== null)
    .map(([key, name]) => el('div', {}, el('dt', {}, name), el('dd', {}, aboutValue(key, metadata[key]))))
  return rows.length === 0 ? null : [el('h3', {}, 'About the document'), el('dl', { className: 'about' }, rows)]
}

/** The report of `conversion` (`report: { found, notKept }`, or only `stats` from older servers). */
export function reportView(conversion) {
  const report = conversion.report
  const words = conversion.stats?.words
  if (!report) {
    const stats = Object.entries(conversion.stats ?? {})
    return el(
      'div',
      { className: 'report' },
      el('p', {}, 'No report of what was kept is available for this conversion.'),
      stats.length > 0 ? counts(stats) : null,
    )
  }
  const found = Object.entries(report.found ?? {}).filter(([, n]) => typeof n === 'number')
  if (typeof words === 'number' && !('words' in (report.found ?? {}))) found.unshift(['words', words])
  const notKept = report.notKept ?? []
  return el(
    'div',
    { className: 'report' },
    el('h3', {}, 'Found in the document'),
    found.length > 0 ? counts(found) : el('p', {}, 'Nothing countable was found.'),
    report.ocr ? el('p', { className: 'ocr' }, ocrSentences(report.ocr).join(' ')) : null,
    el('h3', {}, 'Not kept'),
    notKept.length === 0
      ? el('p', { className: 'ok' }, 'Everything found was kept.')
      : el(
          'ul',
          { className: 'not-kept' },
          notKept.map((note) => el('li', { 'data-code': note.code }, note.message)),
        ),
    report.metadata ? metadataView(report.metadata) : null,
    report.engine ? el('p', { className: 'engine' }, `Converted by ${report.engine}.`) : null,
  )
}
