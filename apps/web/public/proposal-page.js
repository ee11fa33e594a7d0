// One proposal: its title (rename), delete, add documents, and its documents a page at a time.
import { api, uploadFile } from './api.js'
import { conversionRow } from './conversion-row.js'
import { el, errorText, pageHeading } from './dom.js'
import { dropzone } from './dropzone.js'
import { timeAgo } from './format.js'
import { pagedList } from './paged-list.js'
import { deleteProposal } from './proposals-page.js'
import { renameInPlace } from './rename-form.js'
import { uploadOptions, uploadOptionsControl } from './upload-options.js'
import { navigate } from './router.js'

const PAGE_SIZE = 25

export async function render(main, { params, signal }) {
  const proposal = await api(`/api/proposals/${encodeURIComponent(params.id)}`, { signal })
  const heading = pageHeading(proposal.title)
  const problem = el('div', { className: 'page-problem' })
  const rename = el('button', { type: 'button' }, 'Rename')
  const remove = el('button', { type: 'button', className: 'danger' }, 'Delete proposal')

  rename.addEventListener('click', () =>
    renameInPlace(heading, {
      label: 'Proposal title',
      value: proposal.title,
      save: async (title) => {
        Object.assign(proposal, await api(`/api/proposals/${proposal.id}`, { method: 'PATCH', json: { title } }))
        heading.textContent = proposal.title
        document.title = `${proposal.title} — draftsmith`
      },
      done: () => rename.focus(),
    }),
  )
  remove.addEventListener('click', async () => {
    try {
      if (await deleteProposal(proposal)) navigate('/proposals')
    } catch (error) {
      problem.replaceChildren(errorText(error.message))
    }
  })

  // The first page of documents comes with the proposal; later ones from its own endpoint.
  const list = pagedList({
    load: async (cursor) => {
      if (!cursor) return { items: proposal.conversions ?? [], next: proposal.conversionsNext }
      const query = new URLSearchParams({ limit: String(PAGE_SIZE), cursor })
      const page = await api(`/api/proposals/${proposal.id}/conversions?${query}`, { signal })
      return { items: page.conversions, next: page.next }
    },
    renderItem: (conversion) => conversionRow(conversion, { signal }),
    signal,
    label: 'Documents',
    empty: el('p', { className: 'empty' }, 'No documents yet: drop some above.'),
  })

  const uploads = el('div', { className: 'upload-problems', 'aria-live': 'polite' })
  let queue = Promise.resolve()
  const addFiles = (files) => {
    // As the box was when the files were dropped, not when each one's turn to go up comes.
    const options = uploadOptions()
    for (const file of files) {
      queue = queue.then(async () => {
        const progress = el('progress', { max: 100, value: 0, 'aria-label': `${file.name}: upload` })
        const line = el('p', { className: 'uploading' }, `Uploading ${file.name} `, progress)
        uploads.append(line)
        try {
          const conversions = await uploadFile(proposal.id, file, {
            onProgress: (f) => (progress.value = f * 100),
            options,
          })
          line.remove()
          for (const conversion of conversions) list.list.prepend(conversionRow(conversion, { signal }))
          list.added()
        } catch (error) {
          line.replaceChildren(errorText(`${file.name}: ${error.message}`))
        }
      })
    }
  }

  main.replaceChildren(
    heading,
    el(
      'p',
      { className: 'page-meta' },
      proposal.owner === 'visitor' ? 'Kept in this browser until you sign in · ' : '',
      'created ',
      timeAgo(proposal.createdAt),
    ),
    el('div', { className: 'page-actions' }, rename, remove),
    problem,
    dropzone({
      title: 'Add documents',
      hint: 'Drop files here or press to choose: DOCX, DOC, PPTX, XLSX, XLS, CSV, ODT, RTF, PDF, EPUB, HTML, e-mail (EML, MSG), notebooks, feeds, JSON/XML, Markdown or text, or pictures of pages (PNG, JPEG, TIFF, WebP) to read by OCR.',
      onFiles: addFiles,
      signal,
    }),
    uploadOptionsControl(),
    uploads,
    el('h2', {}, 'Documents'),
    list.node,
  )
  return { title: proposal.title }
}
