// draftsmith's small UI: plain modules, no build step. Markdown is sanitized before it is shown.
import { renderMarkdown } from '/markdown-preview.js'

const $ = (id) => document.getElementById(id)
const state = { user: null, proposal: null, polling: null }

async function api(method, url, body) {
  const init = { method, headers: {} }
  if (body instanceof FormData) init.body = body
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  const res = await fetch(url, init)
  if (res.status === 204) return null
  const type = res.headers.get('content-type') ?? ''
  const data = type.includes('json') ? await res.json() : await res.text()
  if (!res.ok) throw new Error(data.detail ?? `${res.status} ${res.statusText}`)
  return data
}

function show(message = '') {
  $('message').textContent = message
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props)
  node.append(...children)
  return node
}

async function refreshAccount() {
  state.user = await api('GET', '/api/auth/me').then((r) => r.user, () => null)
  const account = $('account')
  account.replaceChildren()
  if (state.user) {
    const out = el('button', { className: 'link', textContent: 'Sign out' })
    out.onclick = async () => {
      await api('POST', '/api/auth/logout')
      await refresh()
    }
    account.append(`${state.user.email} `, out)
  }
  $('auth').hidden = Boolean(state.user)
}

async function refreshProposals() {
  const { proposals } = await api('GET', '/api/proposals')
  $('proposal-list').replaceChildren(
    ...proposals.map((p) => {
      const open = el('button', { className: 'link', textContent: p.title })
      open.onclick = () => openProposal(p.id)
      const remove = el('button', { className: 'link', textContent: 'delete' })
      remove.onclick = async () => {
        await api('DELETE', `/api/proposals/${p.id}`)
        if (state.proposal === p.id) closeProposal()
        await refreshProposals()
      }
      return el('li', {}, open, el('span', { className: 'hint', textContent: `${p.conversionCount} document(s)` }), remove)
    }),
  )
}

function closeProposal() {
  state.proposal = null
  $('proposal').hidden = true
  $('preview').hidden = true
}

async function openProposal(id) {
  state.proposal = id
  const proposal = await api('GET', `/api/proposals/${id}`)
  $('proposal').hidden = false
  $('proposal-title').textContent = proposal.title
  renderConversions(proposal.conversions)
  const busy = proposal.conversions.some((c) => c.status === 'queued' || c.status === 'processing')
  clearTimeout(state.polling)
  if (busy) state.polling = setTimeout(() => state.proposal === id && openProposal(id), 1000)
}

function renderConversions(conversions) {
  $('conversion-list').replaceChildren(
    ...conversions.map((c) => {
      const item = el('li', {}, el('span', { textContent: c.sourceName }))
      if (c.status === 'queued' || c.status === 'processing') item.append(el('progress', { max: 100, value: c.progress }), `${c.status}…`)
      else if (c.status === 'failed') item.append(el('span', { className: 'status-failed', textContent: `failed: ${c.error ?? 'unknown error'}` }))
      else {
        const view = el('button', { className: 'link', textContent: 'preview' })
        view.onclick = () => preview(c)
        item.append(el('span', { className: 'status-succeeded', textContent: 'done' }), view)
      }
      return item
    }),
  )
}

async function preview(conversion) {
  const markdown = await api('GET', conversion.markdownUrl)
  $('preview').hidden = false
  $('preview-name').textContent = conversion.sourceName
  const baseUrl = new URL(conversion.markdownUrl, location.href)
  const render = (remote) => {
    const held = renderMarkdown($('preview-body'), markdown, { baseUrl, remote })
    const notice = $('remote-notice')
    notice.hidden = held === 0
    $('remote-count').textContent = `${held} picture${held === 1 ? '' : 's'} from other sites not loaded (loading them tells those sites you are reading this).`
    $('load-remote').onclick = () => render(true)
  }
  render(false)
  $('download').href = `${conversion.markdownUrl}?download=true`
  $('copy').onclick = () => navigator.clipboard.writeText(markdown).then(() => show('Copied.'))
}

function upload(files) {
  if (!state.proposal || files.length === 0) return
  const form = new FormData()
  for (const file of files) form.append('file', file)
  const bar = $('upload-progress')
  bar.hidden = false
  // XMLHttpRequest, not fetch: it reports upload progress.
  const xhr = new XMLHttpRequest()
  xhr.open('POST', `/api/proposals/${state.proposal}/conversions`)
  xhr.upload.onprogress = (e) => e.lengthComputable && (bar.value = (100 * e.loaded) / e.total)
  xhr.onload = () => {
    bar.hidden = true
    if (xhr.status !== 202) show(JSON.parse(xhr.responseText).detail ?? `upload failed (${xhr.status})`)
    else show()
    openProposal(state.proposal)
    refreshProposals()
  }
  xhr.onerror = () => show('upload failed: network error')
  xhr.send(form)
}

async function refresh() {
  await refreshAccount()
  await refreshProposals()
  closeProposal()
}

document.addEventListener('DOMContentLoaded', async () => {
  $('auth-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const data = Object.fromEntries(new FormData(event.target))
    const action = event.submitter?.value === 'signup' ? 'signup' : 'login'
    try {
      await api('POST', `/api/auth/${action}`, data)
      show()
      await refresh()
    } catch (error) {
      show(error.message)
    }
  })
  $('new-proposal').addEventListener('submit', async (event) => {
    event.preventDefault()
    const title = new FormData(event.target).get('title')
    try {
      const proposal = await api('POST', '/api/proposals', { title })
      event.target.reset()
      await refreshProposals()
      await openProposal(proposal.id)
    } catch (error) {
      show(error.message)
    }
  })
  const zone = $('dropzone')
  zone.addEventListener('dragover', (e) => {
    e.preventDefault()
    zone.classList.add('over')
  })
  zone.addEventListener('dragleave', () => zone.classList.remove('over'))
  zone.addEventListener('drop', (e) => {
    e.preventDefault()
    zone.classList.remove('over')
    upload([...e.dataTransfer.files])
  })
  $('file-input').addEventListener('change', (e) => upload([...e.target.files]))
  await refresh()
})
