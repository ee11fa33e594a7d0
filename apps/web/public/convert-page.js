// The first page: drop or pick files and get Markdown, no account needed. The first file names
// a proposal created behind the scenes; signing up or in later keeps it (the API claims it).
import { api, ApiError, uploadFile } from './api.js'
import { conversionCard } from './conversion-card.js'
import { el, pageHeading } from './dom.js'
import { dropzone } from './dropzone.js'
import { renameInPlace } from './rename-form.js'
import { currentUser, onUserChange } from './session.js'
import { uploadOptions, uploadOptionsControl } from './upload-options.js'

// Kept while the page is open: coming back to it shows the same results, still updating.
const state = { proposal: null, creating: null, cards: [] }
const results = el('ol', { className: 'results', 'aria-label': 'Your files' })
const proposalLine = el('p', { className: 'proposal-line' })

onUserChange((user) => {
  // Signed out: what was converted belongs to the account now, not to this visitor.
  if (user === null && state.proposal !== null) {
    state.proposal = null
    state.cards = []
    results.replaceChildren()
    drawProposalLine()
  }
})

const titleFor = (file) => (file.name.replace(/\.[^.]+$/, '') || file.name).slice(0, 200)

function drawProposalLine() {
  const proposal = state.proposal
  if (proposal === null) {
    proposalLine.replaceChildren(
      currentUser()
        ? 'Your files are saved in a new proposal, named after the first one.'
        : 'Your files are saved in a proposal named after the first one, in this browser. Create an account or sign in any time to keep them.',
    )
    return
  }
  const link = el('a', { href: `/proposals/${proposal.id}` }, proposal.title)
  const rename = el('button', { type: 'button', className: 'link-button' }, 'Rename')
  const line = el('span', {}, 'Saved in the proposal ', link, ' ', rename)
  rename.addEventListener('click', () =>
    renameInPlace(line, {
      label: 'Proposal title',
      value: proposal.title,
      save: async (title) => {
        state.proposal = await api(`/api/proposals/${proposal.id}`, { method: 'PATCH', json: { title } })
      },
      done: () => {
        drawProposalLine()
        proposalLine.querySelector('button')?.focus()
      },
    }),
  )
  proposalLine.replaceChildren(line)
}

async function proposalFor(file) {
  if (state.proposal) return state.proposal
  state.creating ??= api('/api/proposals', { method: 'POST', json: { title: titleFor(file) } }).finally(
    () => (state.creating = null),
  )
  state.proposal = await state.creating
  drawProposalLine()
  return state.proposal
}

async function uploadOne(file, card, options) {
  for (let attempt = 0; ; attempt++) {
    const proposal = await proposalFor(file)
    try {
      return await uploadFile(proposal.id, file, { onProgress: card.uploading, options })
    } catch (error) {
      // The proposal was deleted meanwhile (on another page or tab): start a new one, once.
      if (error instanceof ApiError && error.status === 404 && attempt === 0) {
        state.proposal = null
        continue
      }
      throw error
    }
  }
}

let queue = Promise.resolve()
/** Files go up one at a time (each with its own progress); each then converts on its own. */
function addFiles(files) {
  for (const file of files) {
    const card = conversionCard(file.name)
    // As the box was when the file was dropped, not when its turn to go up comes.
    const options = uploadOptions()
    state.cards.push(card)
    results.append(card.node)
    queue = queue.then(async () => {
      try {
        const [conversion] = await uploadOne(file, card, options)
        if (conversion) card.track(conversion)
      } catch (error) {
        card.refused(error.message)
      }
    })
  }
}

export function render(main, { signal }) {
  drawProposalLine()
  main.replaceChildren(
    pageHeading('Documents to Markdown'),
    el(
      'p',
      { className: 'lead' },
      'Word (DOCX, DOC), PowerPoint (PPTX), Excel (XLSX, XLS), CSV, OpenDocument, RTF, PDF (scans too), EPUB, HTML, e-mail, notebooks, feeds, JSON/XML, Markdown, plain text or a picture of a page in; Markdown out, to read, copy or download with its pictures. No account needed.',
    ),
    dropzone({
      title: 'Drop files here, or choose files',
      hint: 'DOCX, DOC, PPTX, XLSX, XLS, CSV, ODT, RTF, PDF, EPUB, HTML, e-mail (EML, MSG), Jupyter notebooks, RSS/Atom, JSON, XML, Markdown, text, or PNG, JPEG, TIFF and WebP pictures read by OCR — several at once if you like.',
      onFiles: addFiles,
      signal,
    }),
    uploadOptionsControl(),
    proposalLine,
    results,
  )
  return { title: 'Convert documents to Markdown' }
}
