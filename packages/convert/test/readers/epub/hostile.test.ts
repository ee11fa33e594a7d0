import { strToU8, zipSync } from 'fflate'
import t from 'tap'
import { IsolatedConverter } from '../../../src/process/isolated.js'
import { epub } from './book.js'

/**
 * Books built to break the EPUB reader: a zip bomb, nesting past any real page, a package that
 * names nothing, chapters the book lists but lacks, links into nowhere. Each converts or is
 * refused with its own message, in a conversion process with the production heap.
 */
const LIMIT_MS = 30_000
const pool = new IsolatedConverter({ processes: 2, maxHeapMb: 256, maxRssMb: 640 })
t.teardown(() => pool.close())

async function inPool(bytes: Buffer) {
  return pool
    .convert(bytes, { format: 'epub', signal: AbortSignal.timeout(LIMIT_MS) })
    .catch((error: unknown) => ({ ok: false as const, reason: `aborted: ${String((error as Error).message)}` }))
}

t.test('a zip bomb is refused before it inflates past the bound', async (t) => {
  const bomb = epub({ 'a.xhtml': `<p>x</p>${' '.repeat(120 * 1024 * 1024)}` })
  t.match(await inPool(bomb), { ok: false, reason: /EPUB file would expand to \d+ MB .*zip bomb/ })
})

t.test('a page nested past the bound is refused; chapters each near it share one element budget', async (t) => {
  const deep = await inPool(epub({ 'a.xhtml': `${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}` }))
  t.match(deep, { ok: false, reason: /nested more than \d+ levels deep/ })
  const chapter = `<p>${'<b>x</b>'.repeat(150_000)}</p>`
  const many = await inPool(epub(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`c${i}.xhtml`, chapter]))))
  t.match(many, { ok: false, reason: /more than [\d,]+ elements/ })
})

t.test('missing chapters, links into nowhere and a package that names nothing', async (t) => {
  const partial = await inPool(
    epub({
      'a.xhtml': '<h1>One</h1><p><a href="gone.xhtml#x">away</a> and <a href="b.xhtml">two</a></p>',
      'b.xhtml': undefined,
    }),
  )
  t.ok(partial.ok, partial.ok ? 'converted' : partial.reason)
  if (partial.ok) {
    t.match(partial.markdown, /^# One\n\naway and two\n$/)
    t.match(partial.report.notKept, [
      { code: 'chapter-missing', count: 1 },
      { code: 'link-internal-dropped', count: 2 },
    ])
  }
  const empty = await inPool(epub({}, { opf: '<package xmlns="http://www.idpf.org/2007/opf"/>' }))
  t.match(empty, { ok: false, reason: /no readable package document or no chapters/ })
  const notBook = Buffer.from(
    zipSync({ mimetype: [strToU8('application/epub+zip'), { level: 0 }], 'x.txt': strToU8('x') }),
  )
  t.match(await inPool(notBook), { ok: false, reason: /not an EPUB book/ })
})
