// What in a document makes the browser fetch something by itself, and whether that is on another
// site. The preview frame's Content-Security-Policy is what guarantees that nothing from another
// site loads before the reader asks (ADR 045); this is the second layer under it, and what counts
// the pictures held back for the notice. It errs on the side of holding back: every URL is read
// by the browser's own URL parser (which drops tabs and newlines and trims what the browser
// trims), every candidate of a `srcset` counts, and a CSS value it cannot read is held back.

const SVG = 'http://www.w3.org/2000/svg'

/** Attributes through which an element fetches by itself, whatever the element. */
const FETCHING = new Set(['src', 'poster', 'background', 'data', 'lowsrc', 'dynsrc'])
/** Attributes holding a list of URLs with descriptors (`a.png 1x, b.png 2x`). */
const CANDIDATES = new Set(['srcset', 'imagesrcset'])
/** In a CSS value: functions that fetch, and escapes that could spell one. */
const CSS_FETCH = /\\|\b(?:url|image|image-set|-webkit-image-set|cross-fade|src|element)\s*\(/i

/** This origin, data: and blob: are local; anything else (another origin, a URL that does not parse) is not. */
export function isLocal(value, baseUrl) {
  try {
    const url = new URL(value, baseUrl)
    return url.origin === location.origin || url.protocol === 'data:' || url.protocol === 'blob:'
  } catch {
    return false
  }
}

/**
 * Every candidate the browser could pick: the list split at whitespace and commas, which never
 * leaves a remote URL looking local (a piece of one is itself remote, or does not parse).
 */
const candidatesAreLocal = (value, baseUrl) =>
  value
    .split(/[\s,]+/)
    .filter((token) => token !== '')
    .every((token) => isLocal(token, baseUrl))

/** A CSS value (an SVG presentation attribute): only references inside the document (`url(#id)`) are kept. */
function cssIsLocal(value, baseUrl) {
  const rest = value.replace(/\burl\(\s*(['"]?)#[^'"()\\\s]*\1\s*\)/gi, '')
  if (!CSS_FETCH.test(rest)) return true
  // `url(/api/…)` on this origin is fine; escapes and the other functions are not worth reading.
  const outside = rest.replace(/\burl\(\s*(['"]?)([^'"()\\\s]*)\1\s*\)/gi, (whole, _quote, url) =>
    isLocal(url, baseUrl) ? '' : whole,
  )
  return !CSS_FETCH.test(outside)
}

/** Whether attribute `name` of `node` would fetch `value` from another site. */
function fetchesRemote(node, name, value, baseUrl) {
  if (FETCHING.has(name)) return !isLocal(value, baseUrl)
  if (CANDIDATES.has(name)) return !candidatesAreLocal(value, baseUrl)
  if (node.namespaceURI !== SVG) return false
  // In SVG, `href` fetches (an <image>, a <feImage>, a pattern or gradient of another file)
  // except on a link; a reference inside the document starts with '#'.
  if ((name === 'href' || name === 'xlink:href') && node.localName !== 'a')
    return !value.trim().startsWith('#') && !isLocal(value, baseUrl)
  return !cssIsLocal(value, baseUrl)
}

/**
 * Holds back what `node` would fetch from another site: the attribute moves to `data-held-<name>`
 * (kept for the record, fetched by nothing) and the element gets the class `held-back`. Relative
 * URLs are resolved against `baseUrl` (a conversion's pictures are `assets/…` relative to
 * it; the frame that shows them is elsewhere). Returns whether anything was held back.
 */
export function holdRemoteReferences(node, { baseUrl, remote }) {
  let held = false
  for (const attribute of node.getAttributeNames()) {
    const name = attribute.toLowerCase()
    const value = node.getAttribute(attribute) ?? ''
    if (FETCHING.has(name) && isLocal(value, baseUrl) && !/^[a-z][a-z0-9+.-]*:/i.test(value.trim())) {
      const url = new URL(value, baseUrl)
      node.setAttribute(attribute, url.pathname + url.search + url.hash)
      continue
    }
    if (remote || !fetchesRemote(node, name, value, baseUrl)) continue
    node.setAttribute(`data-held-${name.replace(':', '-')}`, value)
    node.removeAttribute(attribute)
    held = true
  }
  if (held) node.classList.add('held-back')
  return held
}
