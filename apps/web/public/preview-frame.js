// The frame a document is shown in (ADR 045). Its page (/preview) is on this origin but has its
// own Content-Security-Policy: no script at all, this origin's stylesheet and pictures, nothing
// from another site — so a document's remote pictures cannot load, whatever slips past the
// sanitizer, until the reader asks; then the frame loads /preview/remote-pictures, the same page
// with pictures from https sites allowed. The sandbox (no scripts; links may open a new tab)
// says the same from this side. The UI fills the frame from outside with nodes DOMPurify made,
// and keeps it as tall as its document, so the page scrolls and not the frame.
import { el } from './dom.js'

const PATHS = { strict: '/preview', remote: '/preview/remote-pictures' }

/** `previewFrame()` → `{ node, start({ remote }), append(fragment) }`. */
export function previewFrame() {
  const node = el('iframe', { className: 'preview-frame', title: 'The document, rendered', src: PATHS.strict })
  node.setAttribute('sandbox', 'allow-same-origin allow-popups allow-popups-to-escape-sandbox')
  let path = PATHS.strict
  /** What the frame shows: kept, so that a frame reloaded (moved in the page) shows it again. */
  let nodes = []
  let observed = null

  const fit = () => {
    const root = node.contentDocument?.documentElement
    if (root) node.style.height = `${Math.ceil(root.getBoundingClientRect().height)}px`
  }
  const observer = new ResizeObserver(fit)

  /** The frame's document, if it is the one `path` names and has loaded. */
  function loaded() {
    const doc = node.contentDocument
    return doc?.readyState === 'complete' && doc.location.pathname === path ? doc : null
  }

  function paint() {
    const doc = loaded()
    if (doc === null) return
    doc.body.replaceChildren(...nodes)
    if (observed !== doc.documentElement) {
      observer.disconnect()
      observed = doc.documentElement
      observer.observe(observed)
    }
    fit()
  }
  node.addEventListener('load', () => {
    // Put back in the page, a frame reloads the page its `src` names, not the one it had.
    if (node.contentDocument?.location.pathname !== path) node.contentWindow?.location.replace(path)
    else paint()
  })

  return {
    node,
    /** Empties the frame for a new rendering; `remote`: the frame that lets remote pictures load. */
    start({ remote = false } = {}) {
      nodes = []
      const wanted = remote ? PATHS.remote : PATHS.strict
      if (wanted === path) return paint() // now, or when the frame has loaded
      path = wanted
      // Replaced, not navigated: the Back button is the page's, not the frame's.
      if (node.contentWindow && node.isConnected) node.contentWindow.location.replace(wanted)
      else node.src = wanted
    },
    /** Adds `fragment` (DOMPurify's nodes) at the end of the document. */
    append(fragment) {
      const added = [...fragment.childNodes]
      nodes.push(...added)
      loaded()?.body.append(...added)
    },
  }
}
