import t from 'tap'
import { sharedRedisUrl } from '@draftsmith/test-support'
import { fixture, mimes, runWorker, settled, setup, store, upload } from '../helpers/worker.js'

const redis = await sharedRedisUrl()
const backends = [
  { name: 'postgres backend' },
  'url' in redis ? { name: 'redis backend', redisUrl: redis.url } : { name: 'redis backend', skip: redis.skip },
]

for (const backend of backends) {
  t.test(`conversions — ${backend.name}`, { skip: backend.skip }, async (t) => {
    const s = await setup(t, `convert_${backend.redisUrl ? 'redis' : 'pg'}`, backend.redisUrl)
    await runWorker(t, s, { CONVERSION_MAX_HEAP_MB: '192' })

    t.test(
      'DOCX: headings, emphasis, links, lists, tables; the picture is referenced as an asset, never inlined',
      async (t) => {
        const row = await settled(s, await upload(s, 'proposal.docx', mimes.docx, fixture('proposal.docx')))
        t.equal(row.status, 'succeeded', row.error ?? '')
        t.match(row.markdown, /^# Quarterly Proposal\n/)
        t.match(
          row.markdown,
          /This proposal has \*\*bold\*\* and \*italic\* words, and a \[link to the terms\]\(https:\/\/example\.com\/terms\)\./,
        )
        t.match(row.markdown, /## Scope\n\n- Discovery workshop\n- Prototype\n- Launch\n/)
        t.match(row.markdown, /1\. Sign the contract\n2\. Pay the deposit/)
        t.match(row.markdown, /\| \*\*Item\*\* \| \*\*Cost\*\* \|\n\| --- \| --- \|\n\| Design \| 1200 \|/)
        t.match(row.markdown, /\n!\[\]\(assets\/image-1\.png\)\n\nThank you\.\n$/)
        t.notMatch(row.markdown, /base64|data:image/)
        t.match(row.stats, { headings: 4, tables: 1, words: Number })
        t.equal(row.progress, 100)
        t.equal(row.attempts, 1)
        t.ok(row.startedAt && row.finishedAt && row.finishedAt >= row.startedAt, 'timings recorded')
      },
    )

    t.test('PDF: text, headings by size, paragraphs', async (t) => {
      const row = await settled(s, await upload(s, 'report.pdf', mimes.pdf, fixture('report.pdf')))
      t.equal(row.status, 'succeeded', row.error ?? '')
      t.equal(
        row.markdown,
        '# Field Report\n\nThe survey covered three sites over two weeks. Every site was visited twice, once in the morning and once at night.\n\n## Findings\n\nWater levels were stable. The north site needs new fencing before winter.\n\n## Next steps\n\nOrder the fencing and schedule the second survey for spring.\n',
      )
      t.match(row.stats, { headings: 3 })
    })

    t.test('the upload’s options reach the converter: front matter (DOCX), page markers (PDF)', async (t) => {
      const [docx, pdf] = await Promise.all([
        upload(s, 'proposal.docx', mimes.docx, fixture('proposal.docx'), { frontMatter: true }),
        upload(s, 'report.pdf', mimes.pdf, fixture('report.pdf'), { pageMarkers: true }),
      ])
      const withMetadata = await settled(s, docx)
      t.equal(withMetadata.status, 'succeeded', withMetadata.error ?? '')
      t.match(withMetadata.markdown, /^---\nauthors:\n {2}- "Un-named"\n(?:.*\n)*?---\n\n# Quarterly Proposal\n/)
      const marked = await settled(s, pdf)
      t.equal(marked.status, 'succeeded', marked.error ?? '')
      t.match(marked.markdown, /^<!-- page 1 -->\n\n# Field Report\n/)
    })

    t.test(
      'HTML: GitHub tables, code, links; scripts and styles gone; a data: picture becomes an asset, a remote one is referenced',
      async (t) => {
        const row = await settled(s, await upload(s, 'article.html', mimes.html, fixture('article.html')))
        t.equal(row.status, 'succeeded', row.error ?? '')
        t.match(row.markdown, /^# Release notes\n/)
        t.match(row.markdown, /\| Plan \| Price \|\n\| --- \| --- \|/)
        t.match(row.markdown, /```sh\nnpm install draftsmith\n```/)
        t.match(
          row.markdown,
          /!\[inline pixel\]\(assets\/image-1\.png\) !\[chart\]\(https:\/\/example\.com\/chart\.png\)/,
        )
        t.notMatch(row.markdown, /alert|color: red|base64|iframe/)
      },
    )

    t.test('text and Markdown are normalized; Markdown syntax in plain text is escaped', async (t) => {
      const md = await settled(s, await upload(s, 'notes.md', mimes.markdown, fixture('notes.md')))
      t.equal(md.markdown, '# Meeting notes\n\nAgenda:\n\n* first item\n* second item\n\nDone.\n')
      const txt = await settled(
        s,
        await upload(
          s,
          'letter.txt',
          mimes.text,
          Buffer.from('# not a heading\r\n\r\n\r\n* not a list\u0007 and 1. not a number\n'),
        ),
      )
      t.equal(txt.markdown, '\\# not a heading\n\n\\* not a list and 1. not a number\n')
    })

    t.test('hostile and corrupt documents end failed, at once, with a message a person understands', async (t) => {
      const cases: Array<[string, string, Buffer, RegExp]> = [
        ['zip-bomb.docx', mimes.docx, fixture('zip-bomb.docx'), /would expand to \d+ MB .*zip bomb/],
        ['truncated.docx', mimes.docx, fixture('truncated.docx'), /DOCX file is damaged or incomplete/],
        ['broken.pdf', mimes.pdf, fixture('broken.pdf'), /PDF could not be opened/],
        [
          'deep.html',
          mimes.html,
          Buffer.from(`${'<div>'.repeat(50_000)}deep${'</div>'.repeat(50_000)}`),
          /nested more than \d+ levels/,
        ],
        [
          'huge.html',
          mimes.html,
          Buffer.from(`<p>${'<i>x</i> '.repeat(600_000)}</p>`),
          // The element bound, or the real-memory bound beside it: at this worker's 192 MB heap the
          // two are close, and on a loaded machine (CI: four files at a time) garbage waits longer
          // for the collector, so the RSS watch may fire first (293 of 288 MB, once). Which one
          // fires is the engine's concern (its html/hostile test); here, that it fails at once.
          /has more than [\d,]+ elements, more than a conversion can hold in memory|needs more than the \d+ MB of memory a conversion may use/,
        ],
        ['blank.txt', mimes.text, Buffer.from('  \n\n \r\n'), /no text to convert/],
      ]
      const ids = await Promise.all(cases.map(([name, mime, bytes]) => upload(s, name, mime, bytes)))
      for (const [i, [name, , , message]] of cases.entries()) {
        const row = await settled(s, ids[i] as string)
        t.equal(row.status, 'failed', `${name} failed`)
        t.match(row.error, message, `${name}: ${row.error}`)
        t.equal(row.attempts, 1, `${name}: not retried (unrecoverable)`)
        t.equal(row.markdown, null)
      }
      const ok = await settled(s, await upload(s, 'after.txt', mimes.text, Buffer.from('still working')))
      t.equal(ok.status, 'succeeded', 'the worker survives all of them')
    })

    t.test('a conversion deleted before its job runs is skipped quietly', async (t) => {
      const id = await store(s, 'gone.txt', mimes.text, Buffer.from('bye'))
      await s.db.sql`delete from conversions where id = ${id}`
      await s.producer.enqueue([id])
      const queue = await s.producer.queue()
      const deadline = Date.now() + 15_000
      let state = await (await queue.getJob(id))?.getState()
      while (state !== 'completed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50))
        state = await (await queue.getJob(id))?.getState()
      }
      t.equal(state, 'completed')
      t.match((await queue.getJob(id))?.returnvalue, { result: 'missing' })
    })
  })
}
