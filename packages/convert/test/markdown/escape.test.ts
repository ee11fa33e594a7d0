import t from 'tap'
import { convert } from '../../src/convert.js'
import { codeBlock, codeSpan, destination, escapeLineStart, escapeText } from '../../src/markdown/escape.js'
import { isSafeLink } from '../../src/markdown/links.js'
import { normalizeMarkdown } from '../../src/markdown/normalize.js'

t.test('text escapes what GitHub would read as syntax, and only that', async (t) => {
  t.equal(escapeText('a *b* [c] `d` $e$ ~f~ \\'), 'a \\*b\\* \\[c\\] \\`d\\` \\$e\\$ \\~f\\~ \\\\')
  t.equal(escapeText('snake_case stays, _emphasis_ does not'), 'snake_case stays, \\_emphasis\\_ does not')
  t.equal(escapeText('<b> and 1 < 2 and &amp; and & alone'), '\\<b> and 1 < 2 and \\&amp; and & alone')
  t.equal(escapeLineStart('# not a heading'), '\\# not a heading')
  t.equal(escapeLineStart('2) not an item'), '2\\) not an item')
  t.equal(escapeLineStart('- not a bullet'), '\\- not a bullet')
  t.equal(escapeLineStart('| not a table'), '\\| not a table')
  t.equal(escapeLineStart('-5 degrees'), '-5 degrees', 'a minus is not a bullet')
})

t.test('code cannot be closed by its own backticks; odd destinations are bracketed', async (t) => {
  t.equal(codeSpan('a `b` c'), '``a `b` c``')
  t.equal(codeSpan('`x`'), '`` `x` ``')
  t.equal(codeBlock('```\ninner\n```', 'md'), '````md\n```\ninner\n```\n````')
  t.equal(destination('https://example.com/a b(c)'), '<https://example.com/a b(c)>')
  t.equal(destination('https://example.com/plain'), 'https://example.com/plain')
})

t.test('one link policy: relative and web, mail, ftp and phone targets; nothing else', async (t) => {
  for (const href of [
    '#notes',
    '../guide.html',
    '/wiki/X',
    'https://a.b',
    'HTTP://A.B',
    'mailto:a@b.c',
    'ftp://f',
    'tel:+1',
  ])
    t.ok(isSafeLink(href), href)
  for (const href of [
    'javascript:alert(1)',
    ' JavaScript:x',
    'java\tscript:x',
    'vbscript:x',
    'data:text/html,x',
    'file:///etc/passwd',
    'ms-word:x',
  ])
    t.notOk(isSafeLink(href), JSON.stringify(href))
})

t.test(
  'pictures on the same policy: a script or a path on the author’s disk is not written, its description is',
  async (t) => {
    const picture = async (src: string) => {
      const { markdown, report } = await convert(Buffer.from(`<p>a <img src="${src}" alt="map"> b</p>`), {
        format: 'html',
      })
      return [markdown.trim(), report.notKept.map((note) => note.code).join()]
    }
    t.same(await picture('https://example.com/map.png'), ['a ![map](https://example.com/map.png) b', ''])
    t.same(await picture('img/map.png'), ['a ![map](img/map.png) b', ''])
    t.same(await picture('javascript:alert(1)'), ['a map b', 'link-target-unsafe'])
    for (const local of ['file:///C:/Users/me/map.png', 'C:\\Users\\me\\map.png', '\\\\server\\share\\map.png'])
      t.same(await picture(local), ['a map b', 'image-linked-local'], local)
  },
)

t.test(
  'normalising: one line ending, no control characters, NFC, no trailing blanks, one blank line, one final newline',
  async (t) => {
    t.equal(normalizeMarkdown('a\r\nb\rc\u0007\n\n\n\nd  \t\ne\u0301\n\n'), 'a\nb\nc\n\nd\né\n')
    t.equal(
      normalizeMarkdown(`a\n${' '.repeat(9000)}x${' '.repeat(9000)}`),
      `a\n${' '.repeat(9000)}x\n`,
      "leading blanks are the text's",
    )
  },
)
