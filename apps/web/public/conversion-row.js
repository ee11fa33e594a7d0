// One document in a proposal's list: its state (live while it converts), why it failed and a
// way to try again, and where to read or download it.
import { el, errorText } from './dom.js'
import { bytes, timeAgo } from './format.js'
import { failureText, retryConversion, statusLabel } from './conversion-status.js'
import { finished, watchConversion } from './conversion-watch.js'

export function conversionRow(initial, { signal }) {
  const node = el('li', { className: 'item conversion-row' })
  let watching = false

  function draw(conversion) {
    node.dataset.status = conversion.status
    const active = !finished(conversion)
    const read = el('a', { href: `/conversions/${conversion.id}`, className: 'item-title' }, conversion.sourceName)
    const parts = [
      el('h3', { className: 'item-heading' }, read),
      el(
        'p',
        { className: 'item-meta' },
        el('span', { className: `status status-${conversion.status}` }, statusLabel(conversion)),
        active ? ` ${conversion.progress ?? 0}%` : '',
        conversion.sourceSize ? ` · ${bytes(conversion.sourceSize)}` : '',
        ' · uploaded ',
        timeAgo(conversion.createdAt),
      ),
    ]
    if (active)
      parts.push(
        el('progress', {
          max: 100,
          value: conversion.progress ?? 0,
          'aria-label': `${conversion.sourceName}: progress`,
        }),
      )
    if (conversion.status === 'failed') {
      const retry = el('button', { type: 'button' }, 'Try again')
      const problem = el('div')
      retry.addEventListener('click', async () => {
        retry.disabled = true
        try {
          await retryConversion(conversion.id)
          update({ ...conversion, status: 'queued', progress: 0, error: null })
        } catch (error) {
          problem.replaceChildren(errorText(error.message))
          retry.disabled = false
        }
      })
      parts.push(el('div', { className: 'failure' }, errorText(failureText(conversion)), retry, problem))
    }
    if (conversion.status === 'succeeded') {
      parts.push(
        el(
          'div',
          { className: 'item-actions' },
          el('a', { href: `/conversions/${conversion.id}` }, 'Read'),
          el('a', { href: `${conversion.markdownUrl}?download=true`, download: '' }, 'Download .md'),
        ),
      )
    }
    node.replaceChildren(...parts)
  }

  async function update(conversion) {
    draw(conversion)
    if (finished(conversion) || watching) return
    watching = true
    try {
      await watchConversion(conversion.id, { signal, onChange: draw })
    } finally {
      watching = false
    }
  }

  update(initial)
  return node
}
