// Small helpers to build the page with DOM calls: the UI never assigns markup strings (Trusted
// Types would refuse them), only the sanitizer produces markup.

/**
 * `el('button', { type: 'button', onclick }, 'Save')`: properties where the element has them,
 * attributes otherwise (`aria-*`, `data-*`, `role`), `on…` functions as listeners.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value)
    else if (key.includes('-') || !(key in node)) node.setAttribute(key, value === true ? '' : String(value))
    else node[key] = value
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false))
  return node
}

let ids = 0
/** A document-unique id, for `aria-labelledby` and `for`. */
export const uid = (prefix = 'id') => `${prefix}-${++ids}`

/** A heading the router moves focus to after a navigation (so screen readers announce the page). */
export const pageHeading = (text) => el('h1', { tabIndex: -1, className: 'page-heading' }, text)

/** An error a person can read, announced as it appears. */
export const errorText = (message) => el('p', { className: 'error', role: 'alert' }, message)
