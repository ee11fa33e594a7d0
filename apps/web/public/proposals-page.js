// Every proposal of this browser's visitor or account, a page at a time: open, rename, delete.
import { api } from './api.js'
import { confirmDialog } from './confirm-dialog.js'
import { el, errorText, pageHeading, uid } from './dom.js'
import { plural, timeAgo } from './format.js'
import { pagedList } from './paged-list.js'
import { navigate } from './router.js'
import { renameInPlace } from './rename-form.js'

const PAGE_SIZE = 25

/** `GET /api/proposals?limit=&cursor=` → `{ items, next }`. */
export async function loadProposals(cursor, { signal } = {}) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) })
  if (cursor) query.set('cursor', cursor)
  const { proposals, next } = await api(`/api/proposals?${query}`, { signal })
  return { items: proposals, next }
}

/** Deletes `proposal` after asking; true when it is gone. */
export async function deleteProposal(proposal) {
  const count = proposal.conversionCount ?? proposal.conversions?.length
  const ok = await confirmDialog({
    title: `Delete “${proposal.title}”?`,
    message: `${count === undefined ? 'Its documents' : plural(count, 'document')} and their Markdown will be deleted too. This cannot be undone.`,
    confirm: 'Delete proposal',
  })
  if (!ok) return false
  await api(`/api/proposals/${proposal.id}`, { method: 'DELETE' })
  return true
}

function proposalItem(proposal, list) {
  const title = el('a', { href: `/proposals/${proposal.id}`, className: 'item-title' }, proposal.title)
  const heading = el('h2', { className: 'item-heading' }, title)
  const problem = el('div', { className: 'item-problem' })
  const rename = el('button', { type: 'button', className: 'link-button' }, 'Rename')
  const remove = el('button', { type: 'button', className: 'link-button danger' }, 'Delete')
  const item = el(
    'li',
    { className: 'item' },
    heading,
    el(
      'p',
      { className: 'item-meta' },
      proposal.conversionCount === undefined ? '' : `${plural(proposal.conversionCount, 'document')} · `,
      'created ',
      timeAgo(proposal.createdAt),
    ),
    el('div', { className: 'item-actions' }, rename, remove),
    problem,
  )
  rename.addEventListener('click', () =>
    renameInPlace(heading, {
      label: `New title for “${proposal.title}”`,
      value: proposal.title,
      save: async (next) => {
        const renamed = await api(`/api/proposals/${proposal.id}`, { method: 'PATCH', json: { title: next } })
        proposal.title = renamed.title
        title.textContent = renamed.title
      },
      done: () => rename.focus(),
    }),
  )
  remove.addEventListener('click', async () => {
    try {
      if (!(await deleteProposal(proposal))) return
      // Focus goes to the next item (or the list's heading), not to the top of the page.
      const after = item.nextElementSibling?.querySelector('a') ?? document.querySelector('h1')
      item.remove()
      list.removed()
      after?.focus()
    } catch (error) {
      problem.replaceChildren(errorText(error.message))
    }
  })
  return item
}

export function render(main, { signal }) {
  const titleId = uid('new-title')
  const problem = el('div', { className: 'form-problem' })
  const form = el(
    'form',
    { className: 'inline-form', 'aria-label': 'New proposal' },
    el('label', { htmlFor: titleId }, 'New proposal'),
    el('input', {
      id: titleId,
      name: 'title',
      required: true,
      maxLength: 200,
      placeholder: 'Title',
      autocomplete: 'off',
    }),
    el('button', { type: 'submit' }, 'Create'),
    problem,
  )
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    try {
      const proposal = await api('/api/proposals', { method: 'POST', json: { title: new FormData(form).get('title') } })
      navigate(`/proposals/${proposal.id}`)
    } catch (error) {
      problem.replaceChildren(errorText(error.message))
    }
  })
  // Items render once the first page arrives, after `list` is set.
  const list = pagedList({
    load: loadProposals,
    renderItem: (proposal) => proposalItem(proposal, list),
    signal,
    label: 'Your proposals',
    empty: el(
      'p',
      { className: 'empty' },
      'No proposals yet. ',
      el('a', { href: '/' }, 'Convert a document'),
      ' to start one.',
    ),
  })
  main.replaceChildren(pageHeading('Proposals'), form, list.node)
  return { title: 'Proposals' }
}
