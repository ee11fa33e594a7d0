import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { convertAs } from '../../helpers.js'

/** Business documents printed by Chromium from HTML (bench/tables/corpus, made for that bench). */
const business = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../../bench/tables/corpus/${name}.pdf`, import.meta.url)))

const tables = (markdown: string) => markdown.split('\n\n').filter((block) => block.startsWith('| '))

t.test('an invoice: label lines stay text, the items are a table with empty cells in their columns', async (t) => {
  const { markdown } = await convertAs('pdf', business('invoice'))
  t.match(
    markdown,
    /^# Invoice\n\nInvoice number: INV-2026-0412 Date: 4 December 2026 Customer: Harbour Supplies Ltd Due date: 3 January 2027\n\n\| Item \|/,
  )
  t.same(tables(markdown), [
    [
      '| Item | Description | Qty | Unit price | Amount |',
      '| --- | --- | --- | --- | --- |',
      '| A-100 | Mooring rope, 20 m | 4 | 35.00 | 140.00 |',
      '| A-220 | Fender, large | 2 | 89.50 | 179.00 |',
      '| S-010 | Delivery |  |  | 25.00 |',
      '| B-315 | Anchor shackle | 10 | 4.20 | 42.00 |',
      '|  | Subtotal |  |  | 386.00 |',
      '|  | VAT 20% |  |  | 77.20 |',
      '|  | Total due |  |  | 463.20 |',
    ].join('\n'),
  ])
  t.match(markdown, /\n\nPayment terms: 30 days net\. Thank you for your business\.\n$/)
})

t.test('a table continued on the next page is one table, its repeated header dropped', async (t) => {
  const { markdown } = await convertAs('pdf', business('purchase-order'))
  const [order, ...others] = tables(markdown)
  t.same(others, [])
  const rows = order?.split('\n') ?? []
  // 69 of 70: the row at the foot of page 1 is taken for a page number and left out as page
  // furniture (reported), which ADR 083 names as not done.
  t.equal(rows.length, 2 + 69, 'the header, its rule and the lines')
  t.equal(rows.filter((row) => row.startsWith('| Line |')).length, 1)
  t.equal(rows[rows.length - 1], '| 70 | P-1490 | Clamp | 167 |  | 76.80 |')
})

t.test('two tables with headings and labels between them: two tables, the rest text', async (t) => {
  const { markdown } = await convertAs('pdf', business('repair-report'))
  t.equal(tables(markdown).length, 2)
  t.match(markdown, /## Repairs\n\n\| Unit \| Fault \| Hours \| Parts cost \|/)
  t.match(markdown, /\| Forklift 7 \| {2}\| 1\.0 \| {2}\|/)
  t.match(markdown, /## Spare parts\n\n\| Part \| In stock \| Reorder at \| On order \|/)
  // The last row, at the page's foot, is taken for a page number (ADR 083: not done).
  t.match(markdown, /\| Belt 1200 mm \| 0 \| 1 \| 2 \|\n\nForklift 7 was inspected and needed no parts\.\n$/)
})
