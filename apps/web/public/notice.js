// The line that says what happened and what to do: offline, a session that
// ended elsewhere, a copy that worked. A polite live region fixed at the bottom of the window:
// read out, never stealing focus, never moving the page.

let region
let timer

function node() {
  region ??= document.getElementById('notice')
  return region
}

/** Shows `message`; `{ tone: 'error' | 'info', sticky }` (info notices fade after a while). */
export function notify(message, { tone = 'info', sticky = false, key } = {}) {
  const box = node()
  clearTimeout(timer)
  box.textContent = message
  box.dataset.tone = tone
  box.dataset.key = key ?? ''
  if (!sticky) timer = setTimeout(() => clearNotice(), 6000)
}

/** Hides the notice (only the one shown with `key`, when given). */
export function clearNotice(key) {
  const box = node()
  if (key !== undefined && box.dataset.key !== key) return
  box.textContent = ''
}
