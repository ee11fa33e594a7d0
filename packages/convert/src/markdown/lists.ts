import { childElements, isElement, isText } from '../tree/query.js'
import type { Element, Node } from '../tree/model.js'
import type { BlockWriter } from './writing.js'
import { appendAll } from '../arrays.js'

/** Lists: bulleted, numbered (items may say their own number), task lists, description lists. */

/**
 * A list: `- item` or `1. item` (from `start`), task items as `- [x] item`, an item's further
 * blocks indented under its marker. `items` writes loose `<li>`s found outside any list.
 */
export function writeList(
  writer: BlockWriter,
  list: Element,
  ordered: boolean,
  alternate: boolean,
  items?: Element[],
): string[] {
  const start = ordered ? Number.parseInt(list.attribs.start ?? '1', 10) : 1
  let number = Number.isFinite(start) ? start : 1
  const written: string[] = []
  let loose = false
  for (const item of items ?? childElements(list)) {
    if (writer.skipped(item)) continue
    const checkbox = taskCheckbox(item)
    const blocks = writer.blocks(item)
    if (blocks.length === 0 && checkbox === undefined) continue
    // An item may say its own number (`<li value="7">`); the next ones count on from it.
    const own = ordered ? Number.parseInt(item.attribs.value ?? '', 10) : Number.NaN
    if (Number.isFinite(own) && own >= 0) number = own
    const marker = ordered ? `${number++}${alternate ? ')' : '.'} ` : `${alternate ? '*' : '-'} `
    const task = checkbox === undefined ? '' : checkbox ? '[x] ' : '[ ] '
    // Paragraphs in one item make the list loose; a nested list does not.
    if (blocks.slice(1).some((block) => !isListBlock(block))) loose = true
    written.push(indentUnder(marker, task + joinItemBlocks(blocks)))
  }
  if (written.length === 0) return []
  writer.context.report.found('lists')
  return [written.join(loose ? '\n\n' : '\n')]
}

/** `<dl>`: each term a list item in bold, its descriptions the items of a list under it. */
export function writeDescriptionList(writer: BlockWriter, list: Element, alternate: boolean): string[] {
  const bullet = alternate ? '* ' : '- '
  const entries: Array<{ term: string; details: string[] }> = []
  for (const child of childElements(list)) {
    if (child.name === 'dt') {
      const term = writer.inlineChildren(child, 'flat').trim()
      if (term !== '') entries.push({ term: /^\*\*[\s\S]*\*\*$/.test(term) ? term : `**${term}**`, details: [] })
    } else if (child.name === 'dd') {
      const detail = writer.blocks(child).join('\n\n')
      if (detail === '') continue
      const last = entries.at(-1)
      if (last === undefined) entries.push({ term: '', details: [detail] })
      else last.details.push(detail)
    } else if (child.name === 'div') {
      // HTML allows each term and its descriptions in a div of their own.
      appendAll(entries, descriptionEntries(writer, child))
    }
  }
  if (entries.length === 0) return []
  writer.context.report.found('lists')
  const lines = entries.map(({ term, details }) => {
    // A description that is a list already (a nested `<dl>`) needs no bullet of its own.
    const nested = details.map((detail) => (isListBlock(detail) ? detail : indentUnder('- ', detail))).join('\n')
    if (term === '') return indentUnder(bullet, nested.replace(/^- /, ''))
    return nested === ''
      ? `${bullet}${term}`
      : `${bullet}${term}\n${indentUnder('  ', nested).slice(2).replace(/^/, '  ')}`
  })
  return [lines.join('\n')]
}

function descriptionEntries(writer: BlockWriter, group: Element): Array<{ term: string; details: string[] }> {
  const entries: Array<{ term: string; details: string[] }> = []
  for (const child of childElements(group)) {
    if (child.name === 'dt') {
      const term = writer.inlineChildren(child, 'flat').trim()
      if (term !== '') entries.push({ term: `**${term}**`, details: [] })
    } else if (child.name === 'dd') {
      const detail = writer.blocks(child).join('\n\n')
      if (detail !== '') (entries.at(-1) ?? (entries[entries.length] = { term: '', details: [] })).details.push(detail)
    }
  }
  return entries
}

/** `marker` before the first line, every further line indented to the text after it. */
export function indentUnder(marker: string, text: string): string {
  const pad = ' '.repeat(marker.length)
  return (
    marker +
    text
      .split('\n')
      .map((line, i) => (i === 0 || line === '' ? line : pad + line))
      .join('\n')
  )
}

export const isListBlock = (block: string) => /^([-*]|\d+[.)]) /.test(block)

/**
 * A list item's blocks: a nested list follows its text on the next line (a tight item), anything
 * else after a blank line — text right after a nested list would continue its last item.
 */
function joinItemBlocks(blocks: string[]): string {
  let joined = blocks[0] ?? ''
  for (let i = 1; i < blocks.length; i++) joined += (isListBlock(blocks[i] as string) ? '\n' : '\n\n') + blocks[i]
  return joined
}

/** `<input type="checkbox">` opening a list item (maybe inside its first paragraph or label): a task. */
function taskCheckbox(item: Element): boolean | undefined {
  let node: Node | undefined = item.children.find((child) => !(isText(child) && child.trim() === ''))
  for (let depth = 0; depth < 3 && node !== undefined && isElement(node) && node.name !== 'input'; depth++) {
    if (node.name !== 'p' && node.name !== 'label' && node.name !== 'span') return undefined
    node = node.children.find((child) => !(isText(child) && child.trim() === ''))
  }
  if (
    node === undefined ||
    !isElement(node) ||
    node.name !== 'input' ||
    (node.attribs.type ?? '').toLowerCase() !== 'checkbox'
  )
    return undefined
  return node.attribs.checked !== undefined
}
