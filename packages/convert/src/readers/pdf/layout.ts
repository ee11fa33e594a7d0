import { appendNode, element } from '../../tree/build.js'
import { PAGE, type Element } from '../../tree/model.js'
import { columnBlocks, type BlockCounts } from './blocks.js'
import { borderlessTables } from './borderless-tables.js'
import { bandsOf, columnsOf, sectionsOf } from './columns.js'
import type { Box } from './graphics.js'
import type { HeadingStyle } from './headings.js'
import type { Line } from './lines.js'
import type { KeptImage } from './page.js'
import { alignedTable, narrowColumnTables, tableElement, type Table } from './tables.js'
import { appendAll, greatest, least } from '../../arrays.js'

/** A page with its furniture taken out and its ruled tables found: what is laid out in reading order. */
export interface PageContent {
  number: number
  lines: Line[]
  tables: Table[]
  images: KeptImage[]
  boxes: Box[]
}

/** Whether most of a table's area lies on a picture. */
function overlaps(table: Table, image: KeptImage): boolean {
  const width = Math.min(table.x1, image.x + image.width) - Math.max(table.x0, image.x)
  const height = Math.min(table.bottom, image.y + image.height) - Math.max(table.top, image.y)
  return width > 0 && height > 0 && width * height > 0.3 * (table.x1 - table.x0) * (table.bottom - table.top)
}

/**
 * Adds a block to the document. A list right after a list of its kind continues it: a PDF's list
 * is lines, and a column break, a page or a flush between two of its items does not end it.
 */
function appendBlock(root: Element, block: Element): void {
  const previous = root.children.at(-1)
  if (typeof previous === 'object' && (block.name === 'ul' || block.name === 'ol') && previous.name === block.name) {
    for (const item of block.children) appendNode(previous, item)
    return
  }
  appendNode(root, block)
}

/** List items in lists, in the order they came. */
function appendBlocks(root: Element, blocks: Element[]): void {
  for (const block of blocks) {
    if (block.name !== 'li') appendBlock(root, block)
    else {
      const ordered = block.attribs.value !== undefined
      appendBlock(
        root,
        element(ordered ? 'ol' : 'ul', ordered ? { start: block.attribs.value as string } : {}, [block]),
      )
    }
  }
}

/**
 * One page's blocks in reading order, into `root`: sections of the page (bands of lines) one
 * after another, the columns of a section each in turn, tables and pictures before the first
 * text that starts below them, a page boundary first when page markers are asked for.
 */
export function layOutPage(
  root: Element,
  page: PageContent,
  headings: HeadingStyle,
  counts: BlockCounts,
  pageMarkers: boolean,
): void {
  if (pageMarkers) appendNode(root, element(PAGE, { number: String(page.number) }))
  const all = page.lines
  const left = least(all.map((line) => line.x0))
  const right = greatest(all.map((line) => line.x1))
  const rtl = all.filter((line) => line.rtl).length * 2 > all.length
  const blocks = (lines: Line[]) => appendBlocks(root, columnBlocks(lines, headings, page.boxes, counts))
  const placed: { top: number; block: Element }[] = [
    ...page.tables.map((table) => ({ top: table.top, block: tableElement(table) })),
    // A picture stands on its own, as the page shows it.
    ...page.images.map((image) => ({
      top: image.y,
      block: element('p', {}, [element('img', { src: image.url, alt: '' })]),
    })),
  ].sort((a, b) => a.top - b.top)
  // Sections read as one column run on into each other: a paragraph may cross them.
  let running: Line[] = []
  const flush = () => {
    if (running.length > 0) blocks(running)
    running = []
  }
  for (const section of sectionsOf(bandsOf(all), left, right)) {
    const top = section.bands[0]?.top ?? 0
    if (placed.length > 0 && (placed[0]?.top ?? 0) <= top) flush()
    while (placed.length > 0 && (placed[0]?.top ?? 0) <= top)
      appendBlock(root, (placed.shift() as (typeof placed)[0]).block)
    // A business table (whitespace only, label lines and prose around it) first; then a grid of
    // short texts filling the whole section.
    const business = borderlessTables(section)
    if (
      business &&
      !business.some((part) => part.kind === 'table' && page.images.some((image) => overlaps(part.table, image)))
    ) {
      for (const part of business) {
        if (part.kind === 'text') appendAll(running, part.lines)
        else {
          flush()
          appendBlock(root, tableElement(part.table))
        }
      }
      continue
    }
    const table = alignedTable(section)
    // Labels over a figure line up like a table but belong to the picture.
    if (table && !page.images.some((image) => overlaps(table, image))) {
      flush()
      appendBlock(root, tableElement(table))
      continue
    }
    const ordered = columnsOf(section, rtl)
    if (ordered.length === 1) {
      appendAll(running, ordered[0] ?? [])
      continue
    }
    flush()
    const { columns, tables } = rtl ? { columns: ordered, tables: [] } : narrowColumnTables(ordered)
    columns.forEach((column, index) => {
      // A table set inside a column stands between the column's text above and below it.
      let rest = column
      for (const { table: inside } of tables
        .filter((t) => t.column === index)
        .sort((a, b) => a.table.top - b.table.top)) {
        const above = rest.filter((line) => line.y < inside.top)
        if (above.length > 0) blocks(above)
        appendBlock(root, tableElement(inside))
        rest = rest.filter((line) => line.y >= inside.top)
      }
      if (rest.length > 0) blocks(rest)
    })
  }
  flush()
  for (const { block } of placed) appendBlock(root, block)
}
