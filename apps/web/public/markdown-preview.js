// Renders a conversion's Markdown for reading: sanitized (a document cannot run script), its own
// pictures shown, and pictures on other hosts held back until the reader asks. Opening a document
// someone sent you must not tell its author when and from where you read it.
import DOMPurify from 'dompurify'
import { marked } from 'marked'

/** Attributes through which an element fetches something by itself. */
const fetching = ['src', 'srcset', 'poster', 'background']
/** Elements whose `href` is fetched, not followed. */
const fetchedHref = new Set(['image', 'use', 'feimage', 'link'])

function isRemote(value) {
  const url = value.trim().split(/\s+/)[0] ?? ''
  if (url === '' || url.startsWith('data:') || url.startsWith('blob:')) return false
  try {
    return new URL(url, location.href).origin !== location.origin
  } catch {
    return true
  }
}

/**
 * Markdown → sanitized DOM in `container`. Relative picture links (`assets/image-1.png`)
 * resolve against `baseUrl` (the conversion's URL). Returns how many remote fetches were held
 * back; with `{ remote: true }` they are allowed.
 */
export function renderMarkdown(container, markdown, { baseUrl, remote = false }) {
  let held = 0
  const hold = (node) => {
    // Links leave without telling the target where the reader came from.
    if (node.nodeName === 'A' && node.hasAttribute('href')) node.setAttribute('rel', 'noopener noreferrer')
    for (const name of node.getAttributeNames()) {
      const lower = name.toLowerCase()
      const fetches =
        fetching.includes(lower) ||
        ((lower === 'href' || lower === 'xlink:href') && fetchedHref.has(node.nodeName.toLowerCase()))
      if (!fetches) continue
      const value = node.getAttribute(name) ?? ''
      if (node.nodeName === 'IMG' && lower === 'src' && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value)) {
        node.setAttribute('src', new URL(value, baseUrl).pathname)
        continue
      }
      if (remote || !isRemote(value)) continue
      node.setAttribute(`data-held-${lower.replace(':', '-')}`, value)
      node.removeAttribute(name)
      node.classList.add('held-back')
      held++
    }
  }
  DOMPurify.addHook('afterSanitizeAttributes', hold)
  try {
    // A fragment, not a string: nothing but DOMPurify ever turns text into markup (Trusted Types).
    // A document has no business asking the reader for input or sending it anywhere: no forms.
    const fragment = DOMPurify.sanitize(marked.parse(markdown, { async: false }), {
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'textarea'],
      FORBID_ATTR: ['style'],
      RETURN_DOM_FRAGMENT: true,
    })
    container.replaceChildren(fragment)
  } finally {
    DOMPurify.removeHook('afterSanitizeAttributes', hold)
  }
  return held
}
