// What a conversion found in the document and what it could not keep, so nothing is dropped
// silently.
import { el } from './dom.js'

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
    el('h3', {}, 'Not kept'),
    notKept.length === 0
      ? el('p', { className: 'ok' }, 'Everything found was kept.')
      : el(
          'ul',
          { className: 'not-kept' },
          notKept.map((note) => el('li', { 'data-code': note.code }, note.message)),
        ),
  )
}
