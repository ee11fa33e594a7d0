import type { Box } from './graphics.js'
import { element } from '../../tree/build.js'
import type { Element } from '../../tree/model.js'
import { inlineElement, withoutLeading, type Inline } from './inline.js'
import type { Line } from './lines.js'

/**
 * Bullets as fonts draw them, including Symbol and Wingdings glyphs in the private use area and
 * checkbox glyphs that a font maps to C1 control codes (never text).
 */
const bullet = /^([\u0080-\u009f•◦▪▫‣∙·●○■□☐☑☒✓✔➢➤►▶❖◆◇–\-*]|[\uf000-\uf0ff])\s*/u
const number = /^(\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})[.)])\s+(?=\S)/i
const checked = /^[☑☒✓✔]/

export interface ListMarker {
  ordered: boolean
  /** The item's number for ordered lists. */
  start: number
  checkbox?: 'open' | 'checked'
  /** The item's own content, the marker taken off. */
  inline: Inline
}

/**
 * The list marker a line starts with: a bullet glyph, a number or letter with `.` or `)`, or a
 * small square drawn just before the text (a checkbox or a square bullet drawn as a shape).
 */
export function listMarker(line: Line, boxes: Box[]): ListMarker | undefined {
  const text = line.text.trim()
  const drawn = boxes.find(
    (box) =>
      box.x < line.x0 && line.x0 - (box.x + box.size) < 14 && Math.abs(box.y + box.size - line.y) < line.size * 0.8,
  )
  if (drawn) return { ordered: false, start: 0, inline: line.inline }
  const b = bullet.exec(text)
  if (b) {
    const rest = withoutLeading(line.inline, /^([\u0080-\u009f\-*•◦▪▫‣∙·●○■□☐☑☒✓✔➢➤►▶❖◆◇–]|[\uf000-\uf0ff])\s*/u)
    // "-5" or "–" alone are not items.
    if (rest.length === 0 || (/^[-–]/.test(text) && /^[-–]\d/.test(text))) return undefined
    const box = /^[☐☑☒✓✔]/.test(text) ? (checked.test(text) ? 'checked' : 'open') : undefined
    return { ordered: false, start: 0, inline: rest, ...(box ? { checkbox: box } : {}) }
  }
  const n = number.exec(text)
  // "1. 2)": note marks set on a line of their own, not an item whose text is another number.
  if (n && /^\d/.test(n[1] ?? '') && !/^\(?\d{1,3}[.)]$/.test(text.slice(n[0].length).trim())) {
    const start = Number.parseInt(n[1] ?? '1', 10)
    return { ordered: true, start, inline: withoutLeading(line.inline, /^\(?\d{1,3}[.)]\s+/) }
  }
  return undefined
}

/**
 * A list item of the tree: ordered items keep their own number, boxes are task items. An item
 * whose text opens with a number of its own (`4) 2. Article …`) holds that as a list of its own,
 * as it reads: a sub-item on the item's line.
 */
export function listItem(marker: ListMarker, content: Inline): Element {
  const first = content[0]
  const inner = typeof first === 'string' ? /^\(?(\d{1,3})[.)]\s+(?=\S)/.exec(first) : null
  if (inner !== null) {
    const number = inner[1] as string
    const rest = withoutLeading(content, /^\(?\d{1,3}[.)]\s+/)
    content = [element('ol', { start: number }, [inlineElement('li', rest, { value: number })])]
  }
  if (marker.ordered) return inlineElement('li', content, { value: String(marker.start) })
  if (marker.checkbox === undefined) return inlineElement('li', content)
  const box = element('input', marker.checkbox === 'checked' ? { type: 'checkbox', checked: '' } : { type: 'checkbox' })
  return inlineElement('li', [box, ' ', ...content])
}
