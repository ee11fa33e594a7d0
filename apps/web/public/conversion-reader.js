// Reading one conversion: the Markdown rendered (in the preview frame: sanitized, its own pictures
// shown, remote ones held back), the raw Markdown, the report of what was kept, and copy /
// download / bundle. Built complete before there is anything to show, with its controls
// disabled, so that the page does not move when the result arrives.
import { api } from './api.js'
import { el, errorText } from './dom.js'
import { plural } from './format.js'
import { renderMarkdown } from './markdown-preview.js'
import { notify } from './notice.js'
import { previewFrame } from './preview-frame.js'
import { rawMarkdown } from './raw-markdown.js'
import { reportView } from './report-view.js'
import { tabs } from './tabs.js'

/**
 * `createReader({ framed })` → `{ node, show(conversion), message(text) }`. Framed: a fixed
 * height with its own scrolling (the first page, several results one under the other).
 */
export function createReader({ framed = false } = {}) {
  const rendered = el('div', { className: 'rendered' })
  const remoteNotice = el('p', { className: 'remote-notice', hidden: true })
  const messageSlot = el('div', { className: 'reader-message' })
  const renderedPanel = el('div', { className: 'panel' }, messageSlot, remoteNotice, rendered)
  const rawPanel = el('div', { className: 'panel' })
  const reportPanel = el('div', { className: 'panel' })
  let markdown = ''
  let current = null
  let frame = null
  let renders = 0
  let signal

  const view = tabs(
    [
      { label: 'Rendered', panel: renderedPanel },
      { label: 'Markdown', panel: rawPanel },
      { label: 'Report', panel: reportPanel },
    ],
    {
      label: 'How to show the document',
      onSelect: (i) => {
        if (current === null) return
        if (i === 1) rawPanel.replaceChildren(rawMarkdown(markdown))
        if (i === 2) reportPanel.replaceChildren(reportView(current))
      },
    },
  )

  const copy = el('button', { type: 'button', disabled: true, onclick: () => copyMarkdown() }, 'Copy Markdown')
  const download = el('a', { className: 'button', 'aria-disabled': 'true' }, 'Download .md')
  const bundle = el('a', { className: 'button', 'aria-disabled': 'true' }, 'Download with pictures (.zip)')
  const open = framed ? el('a', { className: 'button', 'aria-disabled': 'true' }, 'Open') : null
  const actions = el('div', { className: 'reader-actions' }, copy, download, bundle, open)
  const panels = el('div', { className: framed ? 'reader-panels framed' : 'reader-panels' }, view.panels)
  const node = el('div', { className: 'reader' }, el('div', { className: 'reader-bar' }, view.list, actions), panels)
  view.select(0)

  async function copyMarkdown() {
    try {
      await navigator.clipboard.writeText(markdown)
      notify('The Markdown is on the clipboard.')
    } catch {
      // No clipboard permission (or not a secure context): select it, so Ctrl+C copies it.
      view.select(1, true)
      const range = document.createRange()
      range.selectNodeContents(rawPanel)
      getSelection()?.removeAllRanges()
      getSelection()?.addRange(range)
      notify('This browser did not let the page copy: the Markdown is selected, press Ctrl+C (⌘C) to copy it.', {
        sticky: true,
      })
    }
  }

  function enable(link, href, downloadName) {
    link.href = href
    link.removeAttribute('aria-disabled')
    if (downloadName !== undefined) link.setAttribute('download', downloadName)
  }

  async function render(remote) {
    const turn = ++renders
    // Pictures are the conversion's assets: `assets/image-1.png` is relative to the conversion.
    const baseUrl = new URL(`/api/conversions/${current.id}/`, location.href)
    remoteNotice.hidden = true
    let held = 0
    let started = false
    // The first piece is shown at once; the others are gathered (in DOMPurify's inert documents,
    // where nothing loads) and shown together: each addition to the frame costs a layout of all of it.
    let rest = null
    for await (const piece of renderMarkdown(markdown, { baseUrl, remote, signal })) {
      if (turn !== renders) return
      if (piece.unrendered !== undefined) {
        rendered.replaceChildren(el('p', { className: 'unrendered' }, piece.unrendered), rawMarkdown(markdown))
        return
      }
      held += piece.held
      if (started && rest === null) rest = piece.fragment
      else if (started) rest.append(piece.fragment)
      else {
        start(remote)
        frame.append(piece.fragment)
        started = true
      }
    }
    if (turn !== renders) return
    if (!started) start(remote)
    if (rest !== null) frame.append(rest)
    if (held > 0) {
      remoteNotice.hidden = false
      remoteNotice.replaceChildren(
        `${plural(held, 'picture')} from other sites not loaded (loading them tells those sites that you are reading this). `,
        el('button', { type: 'button', onclick: () => render(true) }, 'Load them'),
      )
    }
  }

  /**
   * A long Markdown is sent within the server's budget for large downloads (ADR 105): while the
   * server is sending others it answers 429 with Retry-After, and the reader waits its turn —
   * saying so — instead of showing an error. A minute of waiting, then the error after all.
   */
  async function fetchMarkdown(url, signal) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await api(url, { signal })
      } catch (error) {
        if (error.status !== 429 || !(error.retryAfter > 0) || attempt >= 12) throw error
        messageSlot.replaceChildren(
          el('p', {}, 'This document is long and the server is busy sending others: waiting for its turn…'),
        )
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, error.retryAfter * 1000)
          signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
        })
        if (signal?.aborted) return ''
      }
    }
  }

  function start(remote) {
    frame ??= previewFrame()
    if (!rendered.contains(frame.node)) rendered.replaceChildren(frame.node)
    frame.start({ remote })
  }

  return {
    node,
    /** Shows a succeeded conversion (fetches its Markdown). */
    async show(conversion, options = {}) {
      current = conversion
      signal = options.signal
      const url = conversion.markdownUrl ?? `/api/conversions/${conversion.id}/markdown`
      try {
        markdown = await fetchMarkdown(url, signal)
        if (signal?.aborted) return
      } catch (error) {
        if (error.name === 'AbortError') return
        messageSlot.replaceChildren(errorText(error.message))
        return
      }
      messageSlot.replaceChildren()
      render(false)
      view.forget()
      view.select(0)
      copy.disabled = false
      const base = (conversion.sourceName ?? 'document').replace(/\.[^.]+$/, '') || 'document'
      enable(download, `${url}?download=true`, `${base}.md`)
      // Older servers have no bundle (their conversions list no assets).
      if (conversion.assets !== undefined) enable(bundle, `/api/conversions/${conversion.id}/bundle`, `${base}.zip`)
      else bundle.classList.add('unavailable')
      if (open) enable(open, `/conversions/${conversion.id}`)
    },
    /** A sentence in place of the document (queued, failed…). */
    message(content) {
      renders++
      remoteNotice.hidden = true
      rendered.replaceChildren()
      messageSlot.replaceChildren(content)
    },
  }
}
