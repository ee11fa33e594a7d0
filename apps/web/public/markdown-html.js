// Markdown → HTML in the Markdown worker (markdown-worker.js), within a time budget: marked is
// slow on some documents (quadratic on runs of `a_`, deep lists, deep quotes overflow its stack),
// and a worker can be ended where a call on the page's thread cannot. One worker for the page;
// documents take turns, each with the whole budget; an overrun ends the worker and the next
// document gets a new one.

/** How long one document may take before the preview gives up and shows its Markdown as text. */
export const RENDER_BUDGET_MS = 5000

// A worker has no import map: it gets the hashed URLs of its scripts from the page's.
const workerUrl = import.meta.resolve('/ui/markdown-worker.js')
const scripts = {
  marked: import.meta.resolve('/ui/vendor/marked.js'),
  footnote: import.meta.resolve('/ui/vendor/marked-footnote.js'),
  katex: import.meta.resolve('/ui/vendor/katex.js'),
  markedKatex: import.meta.resolve('/ui/vendor/marked-katex-extension.js'),
}

// Trusted Types: a worker's script is a script URL; only the UI's own files qualify.
const policy = globalThis.trustedTypes?.createPolicy('markdown-worker', {
  createScriptURL(url) {
    const parsed = new URL(url, location.href)
    if (parsed.origin !== location.origin || !parsed.pathname.startsWith('/ui/'))
      throw new TypeError(`not one of the UI's files: ${url}`)
    return parsed.href
  },
})

let worker = null
let turn = Promise.resolve()
let ids = 0

function stop() {
  worker?.terminate()
  worker = null
}

function run(markdown, { signal, maxHtmlChars }) {
  if (signal?.aborted) return Promise.resolve({ problem: 'aborted' })
  worker ??= new Worker(policy ? policy.createScriptURL(workerUrl) : workerUrl, { name: 'markdown' })
  const current = worker
  const id = ++ids
  return new Promise((resolve) => {
    const done = (result, { restart = false } = {}) => {
      clearTimeout(timer)
      current.removeEventListener('message', onMessage)
      current.removeEventListener('error', onError)
      signal?.removeEventListener('abort', onAbort)
      if (restart) stop()
      resolve(result)
    }
    const onMessage = ({ data }) => {
      if (data.id !== id) return
      done(data.error === undefined ? { pieces: data.pieces } : { problem: 'failed', detail: data.error })
    }
    // The worker's scripts did not load (or it died): the next document gets a new one.
    const onError = (event) =>
      done({ problem: 'failed', detail: event.message || 'the worker failed' }, { restart: true })
    const onAbort = () => done({ problem: 'aborted' }, { restart: true })
    const timer = setTimeout(() => done({ problem: 'slow' }, { restart: true }), RENDER_BUDGET_MS)
    current.addEventListener('message', onMessage)
    current.addEventListener('error', onError)
    signal?.addEventListener('abort', onAbort, { once: true })
    current.postMessage({ id, markdown, scripts, maxHtmlChars })
  })
}

/**
 * `{ pieces }` (the document's HTML, in pieces of whole blocks; `failed` past `maxHtmlChars`), or `{ problem: 'slow' | 'failed'
 * | 'aborted', detail? }` — never throws. The HTML is marked's: sanitize it before it goes
 * anywhere near a document.
 */
export function markdownToHtml(markdown, { signal, maxHtmlChars }) {
  const result = turn.then(() => run(markdown, { signal, maxHtmlChars }))
  turn = result
  return result
}
