// Where files go in: a real button (Enter or Space opens the file picker) that files can also be
// dropped on. While it is on the page, a file dropped anywhere in the window lands here too,
// rather than the browser leaving the page to open it.
import { el, uid } from './dom.js'

/**
 * The formats the API converts, one line a format (the engine's formatNames in
 * packages/convert/src/formats.ts; test/routes/document-formats.test.ts keeps the two the same).
 */
// prettier-ignore
export const ACCEPT = [
  '.docx',
  '.pdf',
  '.html,.htm,.xhtml',
  '.md,.markdown,.mdown',
  '.txt,.text',
  '.odt',
  '.epub',
  '.ods',
  '.rtf',
  '.doc',
  '.pptx',
  '.odp',
  '.ppt,.pps',
  '.xlsx',
  '.xlsm',
  '.xls',
  '.csv',
  '.tsv,.tab',
  '.eml',
  '.msg',
  '.png',
  '.jpg,.jpeg',
  '.tif,.tiff',
  '.webp',
  '.ipynb',
  '.rss,.atom',
  '.json,.geojson',
  '.xml',
  '.zip',
].join(',')

let active = null
const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files')
window.addEventListener('dragover', (event) => {
  if (!active || !hasFiles(event)) return
  event.preventDefault()
  active.zone.classList.add('over')
})
window.addEventListener('dragleave', (event) => {
  if (active && event.relatedTarget === null) active.zone.classList.remove('over')
})
window.addEventListener('drop', (event) => {
  if (!active || !hasFiles(event)) return
  event.preventDefault()
  active.zone.classList.remove('over')
  const files = [...event.dataTransfer.files]
  if (files.length > 0) active.onFiles(files)
})

/** `dropzone({ title, hint, onFiles, signal })` → the button (and its hidden file input). */
export function dropzone({ title, hint, onFiles, signal }) {
  const hintId = uid('hint')
  const input = el('input', { type: 'file', multiple: true, accept: ACCEPT, hidden: true, tabIndex: -1 })
  const zone = el(
    'button',
    { type: 'button', className: 'dropzone', 'aria-describedby': hintId, onclick: () => input.click() },
    el('span', { className: 'dropzone-title' }, title),
    el('span', { className: 'dropzone-hint', id: hintId }, hint),
  )
  input.addEventListener('change', () => {
    const files = [...input.files]
    input.value = ''
    if (files.length > 0) onFiles(files)
  })
  const wrapper = el('div', { className: 'dropzone-wrap' }, zone, input)
  active = { zone, onFiles }
  // Only while this zone's page is shown.
  signal?.addEventListener('abort', () => active?.zone === zone && (active = null), { once: true })
  return wrapper
}
