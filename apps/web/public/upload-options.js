// How the person asks for their documents to be converted, beside the drop area: for now whether
// the document's metadata goes on top of the Markdown as YAML front matter (off by default, ADR
// 073). The choice is remembered in this browser (ADR 120): whoever feeds a static-site generator
// or a notes app wants it every time, and the box beside the drop area shows that it is on.
import { el } from './dom.js'

const KEY = 'draftsmith.upload.frontMatter'

function remembered() {
  try {
    return localStorage.getItem(KEY) === 'true'
  } catch {
    // Storage refused (a privacy setting): the box starts unticked, as for a first visit.
    return false
  }
}

let frontMatter = remembered()

/** The upload's query options, as the API takes them (`?frontMatter=true`); only what is on. */
export const uploadOptions = () => (frontMatter ? { frontMatter: true } : {})

/** The checkbox, for under a drop area; every one on the page shares the one choice. */
export function uploadOptionsControl() {
  const box = el('input', {
    type: 'checkbox',
    checked: frontMatter,
    onchange: () => {
      frontMatter = box.checked
      try {
        localStorage.setItem(KEY, String(frontMatter))
      } catch {
        // Not remembered past this page; the choice still holds while it is open.
      }
    },
  })
  return el(
    'div',
    { className: 'upload-options' },
    el(
      'label',
      {},
      box,
      " Add the document's metadata as YAML front matter",
      el('span', { className: 'option-hint' }, ' (title, authors, dates, language — when the document has them)'),
    ),
  )
}
