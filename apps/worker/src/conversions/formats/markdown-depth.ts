/**
 * Bounds how deep uploaded Markdown nests (issue 17, finding 7). Block quotes and list items
 * nest by what starts a line: `>` markers, list markers (`-`, `+`, `*`, `1.`, `1)`) and the
 * indentation that continues them. A line can open at most one container per marker and per two
 * columns of indentation (a list item's content starts at least two columns in), so
 * `markers + columns / 2` is an upper bound on the depth of whatever the line is in, whatever
 * the lines before it said. Lines past the bound are rewritten to that depth: the first markers
 * and indentation are kept, the ones past the bound dropped, the line's own last marker kept —
 * so an item 3,000 levels deep becomes an item at the deepest level kept, its text unchanged.
 *
 * Every line is checked, fenced code included: which fences are real depends on the blocks
 * around them (HTML blocks, indented code), and a checker fooled by a false fence would let any
 * depth through. Code lines indented past the bound are flattened too, and counted.
 */

interface Prefix {
  /** Where the line's content starts. */
  end: number
  /** Container markers in the prefix. */
  markers: number
  /** Columns of whitespace in the prefix that can open levels: each run rounded down to even (tabs to the next multiple of four). */
  columns: number
}

const isBullet = (c: string | undefined) => c === '-' || c === '+' || c === '*'
const isBlank = (c: string | undefined) => c === ' ' || c === '\t'

/** Length of an ordered-list marker (`12.`, `3)`) at `at`, or 0. */
function orderedMarker(line: string, at: number): number {
  let i = at
  while (i < line.length && i - at < 9 && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++
  if (i === at || (line[i] !== '.' && line[i] !== ')')) return 0
  return isBlank(line[i + 1]) || i + 1 === line.length ? i + 1 - at : 0
}

/** Length of a container marker at `at` (`>`, a bullet or an ordered marker), or 0. */
function markerAt(line: string, at: number): number {
  const c = line[at]
  if (c === '>') return 1
  if (isBullet(c) && (isBlank(line[at + 1]) || at + 1 === line.length)) return 1
  return orderedMarker(line, at)
}

function prefixOf(line: string): Prefix {
  let at = 0
  let markers = 0
  let columns = 0
  let run = 0
  while (at < line.length) {
    const c = line[at]
    if (c === ' ') {
      run++
      at++
    } else if (c === '\t') {
      run += 4 - (run % 4)
      at++
    } else {
      const length = markerAt(line, at)
      if (length === 0) break
      // A run of whitespace opens at most one level per two columns; one blank between markers opens none.
      columns += run - (run % 2)
      run = 0
      markers++
      at += length
    }
  }
  return { end: at, markers, columns: columns + run - (run % 2) }
}

/** The line's prefix rebuilt to nest at most `maxDepth` deep, its content unchanged. */
function flatten(line: string, prefix: Prefix, maxDepth: number): string {
  let out = ''
  let depth = 0
  let pending = 0
  let dropped = ''
  let kept = 0
  // A list marker needs a blank after it; a quote marker does not.
  let needsBlank = false
  const room = () => maxDepth - 1 - depth
  for (let at = 0; at < prefix.end;) {
    const c = line[at]
    if (c === ' ' || c === '\t') {
      pending += c === '\t' ? 4 - (pending % 4) : 1
      at++
      continue
    }
    const length = markerAt(line, at)
    const marker = line.slice(at, at + length)
    at += length
    // Indentation before a marker is kept as far as the bound allows (two columns a level).
    const columns = Math.max(Math.min(pending, Math.max(0, room()) * 2), needsBlank ? 1 : 0)
    pending = 0
    if (room() <= 0) {
      dropped = marker
      continue
    }
    out += ' '.repeat(columns) + marker
    depth += Math.floor(columns / 2) + 1
    needsBlank = marker !== '>'
    kept++
    dropped = ''
  }
  // The line's own last marker (an item, a quote) stays, at the deepest level kept.
  if (dropped !== '') return `${out}${out === '' ? '' : ' '}${dropped} ${line.slice(prefix.end)}`
  // After a marker, up to four columns belong to the item; a line of indentation alone keeps what the bound allows.
  const trailing = kept > 0 ? Math.max(Math.min(pending, 4), needsBlank ? 1 : 0) : Math.min(pending, maxDepth * 2)
  return out + ' '.repeat(trailing) + line.slice(prefix.end)
}

/** Markdown with every line nesting at most `maxDepth` deep, and how many lines were flattened. */
export function boundNesting(markdown: string, maxDepth: number): { markdown: string; flattened: number } {
  let flattened = 0
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const first = line[0]
    // Most lines start with a letter: nothing to measure.
    if (!(isBlank(first) || first === '>' || isBullet(first) || (first !== undefined && first >= '0' && first <= '9')))
      continue
    const prefix = prefixOf(line)
    if (prefix.markers + Math.floor(prefix.columns / 2) <= maxDepth) continue
    lines[i] = flatten(line, prefix, maxDepth)
    flattened++
  }
  return { markdown: flattened > 0 ? lines.join('\n') : markdown, flattened }
}
