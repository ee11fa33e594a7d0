// One file on the first page: its upload, its conversion, then its Markdown — in a card whose
// size is fixed from the moment the file is dropped, so the page never jumps as results arrive.
import { el, errorText } from './dom.js'
import { createReader } from './conversion-reader.js'
import { failureText, retryConversion, statusLabel } from './conversion-status.js'
import { finished, watchConversion } from './conversion-watch.js'

export function conversionCard(fileName) {
  const status = el('span', { className: 'status', 'aria-live': 'polite' }, 'Uploading')
  const percent = el('span', { className: 'percent', 'aria-hidden': 'true' })
  const progress = el('progress', { max: 100, value: 0, 'aria-label': `${fileName}: progress` })
  const reader = createReader({ framed: true })
  const node = el(
    'li',
    { className: 'card', 'data-state': 'uploading' },
    el(
      'div',
      { className: 'card-head' },
      el('h2', { className: 'file-name' }, fileName),
      el('span', { className: 'card-state' }, status, percent),
    ),
    progress,
    reader.node,
  )
  reader.message(el('p', { className: 'placeholder' }, 'The Markdown appears here as soon as it is ready.'))

  const phase = (state, label, value) => {
    node.dataset.state = state
    if (status.textContent !== label) status.textContent = label
    progress.value = value
    percent.textContent =
      state === 'succeeded' || state === 'failed' || state === 'refused' ? '' : ` ${Math.round(value)}%`
  }

  function failed(conversion, signal) {
    phase('failed', 'Failed', 100)
    const retry = el('button', { type: 'button' }, 'Try again')
    const box = el('div', { className: 'failure' }, errorText(failureText(conversion)), retry)
    retry.addEventListener('click', async () => {
      retry.disabled = true
      try {
        await retryConversion(conversion.id)
        track({ ...conversion, status: 'queued', progress: 0 }, signal)
      } catch (error) {
        box.replaceChildren(errorText(error.message), retry)
        retry.disabled = false
      }
    })
    reader.message(box)
  }

  function show(conversion, signal) {
    if (conversion.status === 'succeeded') {
      phase('succeeded', 'Converted', 100)
      reader.show(conversion, { signal })
    } else if (conversion.status === 'failed') failed(conversion, signal)
    else phase(conversion.status, statusLabel(conversion), conversion.progress ?? 0)
  }

  async function track(conversion, signal) {
    show(conversion, signal)
    if (finished(conversion)) return
    await watchConversion(conversion.id, {
      signal,
      onChange: (c) => show(c, signal),
      onTrouble: (error) => {
        if (error) status.textContent = `${statusLabel(conversion)} — ${error.message}`
      },
    })
  }

  return {
    node,
    /** Upload progress, 0..1. */
    uploading: (fraction) => phase('uploading', 'Uploading', fraction * 100),
    /** The upload was refused: the API's reason. */
    refused(message) {
      phase('refused', 'Not uploaded', 0)
      reader.message(errorText(message))
    },
    track,
  }
}
