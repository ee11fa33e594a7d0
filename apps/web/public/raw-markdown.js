// Markdown shown as text, fast however long it is: in blocks of at most 200 lines and 32,000
// characters, so that the browser lays out and paints only the blocks on screen
// (content-visibility in style.css), even when a document is one enormous line.
import { el } from './dom.js'

const BLOCK_LINES = 200
const BLOCK_CHARS = 32_000

function* blocks(text) {
  for (let start = 0; start < text.length;) {
    let end = start
    for (let lines = 0; lines < BLOCK_LINES && end < text.length; lines++) {
      const newline = text.indexOf('\n', end)
      end = Math.min(newline === -1 ? text.length : newline + 1, start + BLOCK_CHARS)
      if (end - start === BLOCK_CHARS) break
    }
    yield text.slice(start, end)
    start = end
  }
}

/** A `<pre>` of `markdown`, in blocks. */
export function rawMarkdown(markdown) {
  return el(
    'pre',
    { className: 'raw' },
    el(
      'code',
      {},
      Array.from(blocks(markdown), (text) => el('span', { className: 'raw-block' }, text)),
    ),
  )
}
