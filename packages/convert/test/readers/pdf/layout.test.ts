import t from 'tap'
import { plainText } from '../../../src/readers/pdf/inline.js'
import { bandsOf, columnsOf, sectionsOf } from '../../../src/readers/pdf/columns.js'
import type { Line } from '../../../src/readers/pdf/lines.js'
import { ruledTables } from '../../../src/readers/pdf/ruled-tables.js'
import { alignedTable } from '../../../src/readers/pdf/tables.js'

/** A line as pdf-lines.ts makes them: one run of `text` at `x0`, baseline `y`, ~5 points a character. */
function line(text: string, x0: number, y: number, width = text.length * 5, size = 10): Line {
  const run = { text, x: x0, y, width, size, font: 'F', bold: false, italic: false, monospace: false, rtl: false }
  return {
    page: 1,
    runs: [run],
    x0,
    x1: x0 + width,
    y,
    size,
    text,
    inline: [text],
    bold: false,
    italic: false,
    monospace: false,
    rtl: false,
  }
}

const texts = (lines: Line[]) => lines.map((l) => l.text)
const sections = (lines: Line[]) => {
  const left = Math.min(...lines.map((l) => l.x0))
  const right = Math.max(...lines.map((l) => l.x1))
  return sectionsOf(bandsOf(lines), left, right)
}

/** Two columns of prose, `rows` lines each, 250 points apart, with a gutter of 50 between them. */
const twoColumns = (rows: number, top = 100) =>
  Array.from({ length: rows }, (_, i) => [
    line(`left ${i} of the first column reads on`, 50, top + 12 * i, 200),
    line(`right ${i} of the second column reads on`, 300, top + 12 * i, 200),
  ]).flat()

t.test('two columns are read column by column, right to left on a right-to-left page', async (t) => {
  const [section, ...rest] = sections(twoColumns(6))
  t.same(rest, [], 'one section')
  const columns = columnsOf(section!, false)
  t.equal(columns.length, 2)
  t.match(texts(columns[0]!), [/^left 0/, /^left 1/, /^left 2/, /^left 3/, /^left 4/, /^left 5/])
  t.match(texts(columns[1]!), [/^right 0/])
  t.match(texts(columnsOf(section!, true)[0]!), [/^right 0/], 'right to left: the right column first')
})

t.test('a heading across both columns ends one layout; two lines side by side are read row by row', async (t) => {
  const lines = [line('A title across the whole width of the page', 50, 80, 450), ...twoColumns(4)]
  const found = sections(lines)
  t.equal(found.length, 2, 'the title, then the columns')
  t.same(texts(columnsOf(found[0]!, false)[0]!), ['A title across the whole width of the page'])
  const [short] = sections(twoColumns(2))
  t.equal(columnsOf(short!, false).length, 1, 'fewer than three rows: no columns')
})

t.test('short texts aligned in three columns over several rows are a table', async (t) => {
  const rows = [
    ['Name', 'Type', 'Size'],
    ['alpha', 'int', '4'],
    ['beta', 'text', '12'],
    ['gamma', 'date', '8'],
  ]
  const lines = rows.flatMap((cells, r) => cells.map((cell, c) => line(cell, 50 + 150 * c, 100 + 14 * r)))
  const [section] = sections(lines)
  const table = alignedTable(section!)
  t.ok(table, 'found')
  t.same(
    table!.rows.map((cells) => cells.map(plainText)),
    rows,
  )
})

t.test('prose in two columns is not a table', async (t) => {
  const [section] = sections(twoColumns(6))
  t.equal(alignedTable(section!), undefined)
})

t.test('a grid of rulings makes a table of the lines inside it, cell by cell', async (t) => {
  // Three columns (x 50–200–350–500), three rows (y 100–120–140–160), ruled all round.
  const rulings = [
    ...[100, 120, 140, 160].map((y) => ({ x0: 50, y0: y, x1: 500, y1: y })),
    ...[50, 200, 350, 500].map((x) => ({ x0: x, y0: 100, x1: x, y1: 160 })),
  ]
  const cells = [
    ['Quarter', 'Revenue', 'Margin'],
    ['Q1', '1.2 M', '12 %'],
    ['Q2', '1.4 M', '14 %'],
  ]
  const lines = cells.flatMap((row, r) => row.map((cell, c) => line(cell, 60 + 150 * c, 114 + 20 * r)))
  const outside = line('A paragraph under the table.', 50, 200, 300)
  const { tables, used } = ruledTables([...lines, outside], rulings)
  t.equal(tables.length, 1)
  t.same(
    tables[0]!.rows.map((row) => row.map(plainText)),
    cells,
  )
  t.notOk(used.has(outside), 'text outside the rulings stays text')
})
