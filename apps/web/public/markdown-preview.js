// Renders a conversion's Markdown for reading: turned into HTML in a worker within a time budget,
// then sanitized (a document cannot run script), its own pictures shown, and pictures on other
// sites held back until the reader asks. Opening a document someone sent you must not tell its
// author when and from where you read it. The result goes into the preview frame, whose own
// policy is what guarantees that (preview-frame.js, ADR 045); the filter here is the second layer.
import DOMPurify from 'dompurify'
import { plural } from './format.js'
import { markdownToHtml, RENDER_BUDGET_MS } from './markdown-html.js'
import { holdRemoteReferences } from './remote-references.js'

/**
 * Past this many characters the preview shows the Markdown as text: the tab's memory and the
 * seconds of work (in pieces, between which the page answers) stop being worth it, and a document
 * that long (a thousand pages) reads better downloaded. The raw view and the downloads have it all.
 */
export const PREVIEW_MAX_CHARS = 2_000_000

const SANITIZE = {
  // A document has no business asking the reader for input or sending it anywhere: no forms, and
  // of inputs only the disabled checkboxes of task lists (see `afterAttributes`). No styles, and
  // no SVG animation (it could set an attribute after the filter has read it).
  FORBID_TAGS: ['style', 'form', 'button', 'select', 'textarea', 'animatecolor', 'animatemotion', 'animatetransform'],
  FORBID_ATTR: ['style'],
  // KaTeX's MathML keeps the TeX source in an annotation, which the browser does not show.
  ADD_TAGS: ['semantics', 'annotation'],
  // A fragment, not a string: nothing but DOMPurify ever turns text into markup (Trusted Types).
  RETURN_DOM_FRAGMENT: true,
}

const characters = (chars) =>
  `${(chars / 1_000_000).toLocaleString('en', { maximumFractionDigits: 1 })} million characters`

/** Lets the page draw and answer between two pieces of a long document. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0))

/**
 * The document, a piece at a time: `{ fragment, held }` for each piece (sanitized nodes ready to
 * be adopted by the preview frame, and how many of its elements fetch from other sites and were
 * held back; none when `remote`), or one `{ unrendered }`, a sentence saying why the preview
 * shows the Markdown as text instead. Relative links to pictures (`assets/image-1.png`) resolve
 * against `baseUrl`, the conversion's URL. Stop iterating to stop rendering.
 */
export async function* renderMarkdown(markdown, { baseUrl, remote = false, signal }) {
  if (markdown.length > PREVIEW_MAX_CHARS) {
    yield {
      unrendered: `This document is too long to show rendered (${characters(markdown.length)}; the preview renders up to ${characters(PREVIEW_MAX_CHARS)}), so here is its Markdown.`,
    }
    return
  }
  const result = await markdownToHtml(markdown, { signal, maxHtmlChars: 4 * PREVIEW_MAX_CHARS })
  if (result.problem === 'aborted') return
  if (result.problem === 'slow') {
    yield {
      unrendered: `This document took longer than ${plural(RENDER_BUDGET_MS / 1000, 'second')} to render, so here is its Markdown.`,
    }
    return
  }
  if (result.problem === 'failed') {
    yield { unrendered: `This document could not be rendered (${result.detail}), so here is its Markdown.` }
    return
  }
  for (const [index, html] of result.pieces.entries()) {
    if (index > 0) await breathe()
    yield sanitize(html, { baseUrl, remote })
  }
}

function sanitize(html, { baseUrl, remote }) {
  let held = 0
  const afterAttributes = (node) => {
    if (node.nodeName === 'INPUT') {
      // A task list's box: shown, never a control. Any other input goes.
      if (node.getAttribute('type')?.toLowerCase() !== 'checkbox') return node.remove()
      for (const name of node.getAttributeNames()) if (name !== 'type' && name !== 'checked') node.removeAttribute(name)
      node.setAttribute('disabled', '')
      return
    }
    if ((node.localName === 'a' || node.localName === 'area') && node.hasAttribute('href')) {
      // Links leave without telling the target where the reader came from, and in a new tab (the
      // frame may not navigate the page); a link to a footnote stays in the document.
      node.setAttribute('rel', 'noopener noreferrer')
      if (!node.getAttribute('href').trim().startsWith('#')) node.setAttribute('target', '_blank')
    }
    if (holdRemoteReferences(node, { baseUrl, remote })) held++
  }
  DOMPurify.addHook('afterSanitizeAttributes', afterAttributes)
  try {
    return { fragment: DOMPurify.sanitize(html, SANITIZE), held }
  } finally {
    DOMPurify.removeHook('afterSanitizeAttributes', afterAttributes)
  }
}
