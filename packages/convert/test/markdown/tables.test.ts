import t from 'tap'
import { defaultContext } from '../../src/context/context.js'
import { writeMarkdown } from '../../src/markdown/index.js'
import { parseHtml } from '../../src/readers/html/parse.js'

/** The writer's tables, from trees as any reader builds them (here parsed from HTML, the tree's vocabulary). */
const write = (html: string) => {
  const context = defaultContext()
  return { markdown: writeMarkdown(parseHtml(html, context.limits), context), report: context.report.build() }
}

t.test('a table GitHub can say is a GFM table: a header row, alignment, pipes escaped, counted', async (t) => {
  const { markdown, report } = write(
    '<table><thead><tr><th align="right">n</th><th>a | b</th></tr></thead><tr><td>1</td><td><b>x</b></td></tr></table>',
  )
  t.equal(markdown, '| n | a \\| b |\n| ---: | --- |\n| 1 | **x** |\n')
  t.match(report.found, { tables: 1 })
})

t.test('a table without a header takes its first row as the header, as docling and pandoc read it', async (t) => {
  t.equal(
    write('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>').markdown,
    '| a | b |\n| --- | --- |\n| c |  |\n',
  )
})

t.test('merged cells, or blocks in a cell, keep the table as clean HTML on one line', async (t) => {
  const merged = write(
    '<table><tr><th colspan="2" class="x" style="y">h</th></tr><tr><td>a</td><td>b</td></tr></table>',
  )
  t.equal(merged.markdown, '<table><tr><th colspan="2">h</th></tr><tr><td>a</td><td>b</td></tr></table>\n')
  const list = write(
    '<table><tr><td><ul><li>one</li><li>two</li></ul></td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>',
  )
  t.match(list.markdown, /^<table><tr><td><ul><li>one<\/li><li>two<\/li><\/ul><\/td>/)
})

t.test('a table that lays out one cell is no table; a ragged one is HTML rather than padded', async (t) => {
  t.equal(write('<table><tr><td><p>Just text.</p></td></tr></table>').markdown, 'Just text.\n')
  const ragged = write(`<table><tr>${'<td>x</td>'.repeat(200)}</tr>${'<tr><td>y</td></tr>'.repeat(50)}</table>`)
  t.match(ragged.markdown, /^<table>/)
})
