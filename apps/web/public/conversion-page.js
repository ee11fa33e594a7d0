// One document on its own page: the whole Markdown (rendered, raw, report) with copy and
// downloads, live progress while it converts, the reason and a retry when it failed.
import { api } from './api.js'
import { createReader } from './conversion-reader.js'
import { failureText, retryConversion, statusLabel } from './conversion-status.js'
import { finished, watchConversion } from './conversion-watch.js'
import { el, errorText, pageHeading } from './dom.js'
import { bytes, timeAgo } from './format.js'

export async function render(main, { params, signal }) {
  const conversion = await api(`/api/conversions/${encodeURIComponent(params.id)}`, { signal })
  const proposalLink = el('a', { href: `/proposals/${conversion.proposalId}` }, 'its proposal')
  const status = el('span', { className: 'status' })
  const progress = el('progress', { max: 100, value: 0, 'aria-label': 'Conversion progress', hidden: true })
  const failure = el('div', { className: 'failure-slot' })
  const reader = createReader()

  function draw(c) {
    status.textContent = finished(c) ? statusLabel(c) : `${statusLabel(c)} ${c.progress ?? 0}%`
    status.className = `status status-${c.status}`
    progress.hidden = finished(c)
    progress.value = c.progress ?? 0
    if (c.status === 'failed') {
      const retry = el('button', { type: 'button' }, 'Try again')
      retry.addEventListener('click', async () => {
        retry.disabled = true
        try {
          await retryConversion(c.id)
          failure.replaceChildren()
          follow({ ...c, status: 'queued', progress: 0 })
        } catch (error) {
          failure.replaceChildren(errorText(error.message), retry)
          retry.disabled = false
        }
      })
      failure.replaceChildren(el('div', { className: 'failure' }, errorText(failureText(c)), retry))
      reader.message(el('p', { className: 'placeholder' }, 'There is no Markdown for this document.'))
    }
    if (c.status === 'succeeded') reader.show(c, { signal })
  }

  async function follow(c) {
    draw(c)
    if (!finished(c)) await watchConversion(c.id, { signal, onChange: draw })
  }

  if (!finished(conversion))
    reader.message(el('p', { className: 'placeholder' }, 'The Markdown appears here as soon as it is ready.'))
  main.replaceChildren(
    pageHeading(conversion.sourceName),
    el(
      'p',
      { className: 'page-meta' },
      status,
      conversion.sourceSize ? ` · ${bytes(conversion.sourceSize)}` : '',
      ' · uploaded ',
      timeAgo(conversion.createdAt),
      ' · ',
      proposalLink,
    ),
    progress,
    failure,
    reader.node,
  )
  follow(conversion)
  // The proposal's title, when it can be had (it is only a nicer link).
  api(`/api/proposals/${conversion.proposalId}`, { signal }).then(
    (p) => (proposalLink.textContent = `in “${p.title}”`),
    () => {},
  )
  return { title: conversion.sourceName }
}
