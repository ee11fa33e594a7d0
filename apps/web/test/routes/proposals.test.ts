import t from 'tap'
import { PassThrough } from 'node:stream'
import { sharedRedisUrl } from '@draftsmith/test-support'
import { Browser, buildTestApp, migratedDatabase, modes } from '../helpers/app.js'
import { fixture, multipart } from '../helpers/multipart.js'

const redis = await sharedRedisUrl()

for (const mode of modes(redis)) {
  t.test(`proposals and uploads — ${mode.name}`, { skip: mode.skip }, async (t) => {
    const { app, db } = await buildTestApp(t, {
      label: `proposals_${mode.redisUrl ? 'redis' : 'pg'}`,
      redisUrl: mode.redisUrl,
      env: { MAX_UPLOAD_BYTES: '200000', MAX_FILES_PER_UPLOAD: '3' },
    })
    const count = async (table: 'conversions' | 'proposals') =>
      ((await db.sql.unsafe(`select count(*)::int as n from ${table}`)) as unknown as [{ n: number }])[0].n
    const upload = (browser: Browser, proposalId: string, body: ReturnType<typeof multipart>) =>
      browser.request({ method: 'POST', url: `/api/proposals/${proposalId}/conversions`, ...body })

    t.test('an anonymous visitor creates, lists, renames and deletes proposals; signup claims them', async (t) => {
      const visitor = new Browser(app)
      const created = await visitor.request({
        method: 'POST',
        url: '/api/proposals',
        payload: { title: 'Kitchen remodel' },
      })
      t.equal(created.statusCode, 201)
      t.match(created.json(), { title: 'Kitchen remodel', owner: 'visitor' })
      t.ok(visitor.cookies.get('draftsmith'), 'the visitor now has a session')
      const id = created.json().id as string

      t.same(
        (await visitor.request({ method: 'GET', url: '/api/proposals' }))
          .json()
          .proposals.map((p: { id: string }) => p.id),
        [id],
      )
      t.equal(
        (
          await visitor.request({
            method: 'PATCH',
            url: `/api/proposals/${id}`,
            payload: { title: 'Kitchen and bath' },
          })
        ).json().title,
        'Kitchen and bath',
      )
      const second = (
        await visitor.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Garden' } })
      ).json().id as string
      t.equal((await visitor.request({ method: 'DELETE', url: `/api/proposals/${second}` })).statusCode, 204)
      t.equal((await visitor.request({ method: 'GET', url: `/api/proposals/${second}` })).statusCode, 404)

      await visitor.signup('claimer@example.com')
      const mine = (await visitor.request({ method: 'GET', url: '/api/proposals' })).json().proposals
      t.match(mine, [{ id, owner: 'account' }], 'the account owns the visitor’s proposal now')
      const [row] = await db.sql<
        { owner_user_id: string | null }[]
      >`select owner_user_id from proposals where id = ${id}`
      t.ok(row?.owner_user_id)

      await visitor.request({ method: 'POST', url: '/api/auth/logout' })
      t.same(
        (await visitor.request({ method: 'GET', url: '/api/proposals' })).json().proposals,
        [],
        'after logout the browser is a new visitor',
      )
      await visitor.login('claimer@example.com')
      t.equal(
        (await visitor.request({ method: 'GET', url: '/api/proposals' })).json().proposals.length,
        1,
        'and signing in brings them back',
      )
    })

    t.test('nobody reaches another owner’s proposals or conversions: 404 on every route with an id', async (t) => {
      const owner = new Browser(app)
      await owner.signup('owner@example.com')
      const proposal = (
        await owner.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Private' } })
      ).json().id as string
      const accepted = await upload(
        owner,
        proposal,
        multipart([{ filename: 'letter.txt', type: 'text/plain', content: fixture('letter.txt') }]),
      )
      t.equal(accepted.statusCode, 202)
      const conversion = accepted.json().conversions[0].id as string
      await db.sql`update conversions set status = 'succeeded', markdown = '# secret' where id = ${conversion}`

      const otherUser = new Browser(app)
      await otherUser.signup('other@example.com')
      const visitor = new Browser(app)
      await visitor.request({ method: 'POST', url: '/api/proposals', payload: { title: 'mine' } })
      const anonymous = new Browser(app)
      for (const [who, browser] of [
        ['another account', otherUser],
        ['another visitor', visitor],
        ['a stranger without a session', anonymous],
      ] as const) {
        t.equal(
          (await browser.request({ method: 'GET', url: `/api/proposals/${proposal}` })).statusCode,
          404,
          `${who}: GET proposal`,
        )
        t.equal(
          (await browser.request({ method: 'PATCH', url: `/api/proposals/${proposal}`, payload: { title: 'pwned' } }))
            .statusCode,
          404,
          `${who}: PATCH`,
        )
        t.equal(
          (await browser.request({ method: 'DELETE', url: `/api/proposals/${proposal}` })).statusCode,
          404,
          `${who}: DELETE`,
        )
        t.equal(
          (await upload(browser, proposal, multipart([{ filename: 'x.txt', content: 'hi' }]))).statusCode,
          404,
          `${who}: upload`,
        )
        t.equal(
          (await browser.request({ method: 'GET', url: `/api/conversions/${conversion}` })).statusCode,
          404,
          `${who}: GET conversion`,
        )
        t.equal(
          (await browser.request({ method: 'GET', url: `/api/conversions/${conversion}/markdown` })).statusCode,
          404,
          `${who}: GET markdown`,
        )
        t.notOk(
          (await browser.request({ method: 'GET', url: '/api/proposals' })).body.includes(proposal),
          `${who}: not listed`,
        )
      }
      const [row] = await db.sql<{ title: string }[]>`select title from proposals where id = ${proposal}`
      t.equal(row?.title, 'Private', 'unchanged')
      const md = await owner.request({ method: 'GET', url: `/api/conversions/${conversion}/markdown` })
      t.equal(md.statusCode, 200)
      t.equal(md.body, '# secret')
    })

    t.test('every supported type is accepted by content, stored and queued (202)', async (t) => {
      const browser = new Browser(app)
      const proposal = (
        await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Docs' } })
      ).json().id as string
      const before = await count('conversions')
      const res = await upload(
        browser,
        proposal,
        multipart([
          { filename: 'proposal.docx', content: fixture('proposal.docx') },
          { filename: 'report.pdf', content: fixture('report.pdf') },
          { filename: 'article.html', type: 'text/html', content: fixture('article.html') },
        ]),
      )
      t.equal(res.statusCode, 202, res.body)
      const conversions = res.json().conversions as Array<{
        id: string
        sourceMime: string
        status: string
        sourceSize: number
      }>
      t.same(
        conversions.map((c) => c.sourceMime),
        ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/pdf', 'text/html'],
      )
      t.ok(conversions.every((c) => c.status === 'queued'))
      t.equal(conversions[0]?.sourceSize, fixture('proposal.docx').length)
      for (const c of conversions) {
        const job = await (await app.queue.queue()).getJob(c.id)
        t.equal(job?.id, c.id, 'queued with jobId = conversion id')
        t.same(job?.data, { conversionId: c.id })
        t.match(
          job?.opts,
          { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
          'with the conversion job options (retries for transient failures)',
        )
      }
      const [stored] = await db.sql<
        { source_bytes: Buffer }[]
      >`select source_bytes from conversions where id = ${conversions[0]?.id as string}`
      t.ok(stored?.source_bytes.equals(fixture('proposal.docx')), 'the bytes are stored as uploaded')

      const more = await upload(
        browser,
        proposal,
        multipart([
          { filename: 'notes.md', content: fixture('notes.md') },
          { filename: 'letter', content: fixture('letter.txt') },
          {
            filename: 'page',
            type: 'application/octet-stream',
            content: '<!DOCTYPE html><html><body>hi</body></html>',
          },
        ]),
      )
      t.same(
        more.json().conversions.map((c: { sourceMime: string }) => c.sourceMime),
        ['text/markdown', 'text/plain', 'text/html'],
        'text formats told apart by name, then by markup',
      )
      t.equal(await count('conversions'), before + 6)
      const status = await browser.request({ method: 'GET', url: `/api/conversions/${conversions[0]?.id}` })
      t.match(status.json(), { status: 'queued', progress: 0, markdownUrl: null })
      const early = await browser.request({ method: 'GET', url: `/api/conversions/${conversions[0]?.id}/markdown` })
      t.equal(early.statusCode, 409, 'no Markdown before the conversion succeeded')
      t.equal(early.json().type, 'urn:draftsmith:problem:not-ready')
      const again = (await upload(browser, proposal, multipart([{ filename: 'letter.txt', content: 'x' }]))).json()
        .conversions[0].id
      await app.queue.enqueue([again])
      t.equal(
        await (await app.queue.queue()).getJob(again).then((j) => j?.id),
        again,
        'enqueueing the same conversion twice is a no-op',
      )
    })

    t.test('pictures of pages (PNG, JPEG, TIFF, WebP) are accepted for OCR, by content', async (t) => {
      const browser = new Browser(app)
      const proposal = (
        await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Scans' } })
      ).json().id as string
      const res = await upload(
        browser,
        proposal,
        multipart([
          { filename: 'photo of a page.png', type: 'application/octet-stream', content: fixture('pixel.png') },
        ]),
      )
      t.equal(res.statusCode, 202, res.body)
      t.same(
        (res.json().conversions as Array<{ sourceMime: string }>).map((c) => c.sourceMime),
        ['image/png'],
      )
    })

    t.test('hostile uploads get a clear 4xx and store nothing', async (t) => {
      const browser = new Browser(app)
      const proposal = (
        await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Hostile' } })
      ).json().id as string
      const before = await count('conversions')
      const cases: Array<
        [string, ReturnType<typeof multipart> | { payload: string; headers: Record<string, string> }, number, RegExp]
      > = [
        ['too large', multipart([{ filename: 'big.txt', content: 'a'.repeat(200_001) }]), 413, /./],
        ['too many files', multipart([1, 2, 3, 4].map((i) => ({ filename: `f${i}.txt`, content: 'x' }))), 413, /./],
        [
          'a picture of a kind not read (GIF)',
          multipart([{ filename: 'anim.gif', content: fixture('pixel.gif') }]),
          415,
          /GIF file .*supported: .*PNG, JPEG, TIFF, WebP/,
        ],
        [
          'a picture named .docx',
          multipart([{ filename: 'cv.docx', content: fixture('pixel.png') }]),
          415,
          /named \.docx but its content is a PNG picture/,
        ],
        [
          'text named .pdf',
          multipart([{ filename: 'report.pdf', content: 'just text' }]),
          415,
          /named \.pdf but its content is text/,
        ],
        [
          'an unsupported text extension',
          multipart([{ filename: 'notes.rst', content: 'Title\n=====' }]),
          415,
          /\.rst files are not supported/,
        ],
        [
          'binary of no known type',
          multipart([{ filename: 'blob.txt', content: Buffer.from([0, 1, 2, 3, 0, 255]) }]),
          415,
          /binary data/,
        ],
        [
          // Zip archives are documents now (issue 21); a GIF is a picture OCR does not read.
          'a picture of an unsupported type',
          multipart([{ filename: 'a.gif', content: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') }]),
          415,
          /GIF/,
        ],
        ['an empty file', multipart([{ filename: 'empty.txt', content: '' }]), 400, /empty/],
        ['the wrong field', multipart([{ field: 'document', filename: 'a.txt', content: 'x' }]), 400, /`file` field/],
        ['no file at all', multipart([]), 400, /no document/],
        [
          'JSON instead of multipart',
          { payload: JSON.stringify({ file: 'x' }), headers: { 'content-type': 'application/json' } },
          415,
          /multipart\/form-data/,
        ],
        [
          'one bad file among good ones',
          multipart([
            { filename: 'ok.txt', content: 'fine' },
            { filename: 'pixel.gif', content: fixture('pixel.gif') },
          ]),
          415,
          /GIF/,
        ],
      ]
      for (const [what, body, status, detail] of cases) {
        const res = await browser.request({ method: 'POST', url: `/api/proposals/${proposal}/conversions`, ...body })
        t.equal(res.statusCode, status, `${what}: ${status}`)
        t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', `${what}: problem+json`)
        t.match(res.json().detail, detail, `${what}: ${res.json().detail}`)
      }
      t.equal(await count('conversions'), before, 'nothing stored')
    })
  })
}

t.test(
  'queue unavailable: 503, nothing stored (Redis mode: dead Redis; Postgres mode: queue schema missing)',
  async (t) => {
    const redisDown = await buildTestApp(t, { label: 'proposals_queue_redis', redisUrl: 'redis://127.0.0.1:1' })
    const pgDb = await migratedDatabase(t, 'proposals_queue_pg')
    await pgDb.sql`drop schema bullmq cascade`
    const pgBroken = await buildTestApp(t, { label: 'proposals_queue_pg', db: pgDb })
    for (const [name, { app, db }] of [
      ['redis', redisDown],
      ['postgres', pgBroken],
    ] as const) {
      const browser = new Browser(app)
      const proposal = (
        await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Queue down' } })
      ).json().id as string
      const res = await browser.request({
        method: 'POST',
        url: `/api/proposals/${proposal}/conversions`,
        ...multipart([
          { filename: 'a.txt', content: 'hello' },
          { filename: 'b.txt', content: 'world' },
        ]),
      })
      t.equal(res.statusCode, 503, `${name}: 503`)
      t.equal(res.json().type, 'urn:draftsmith:problem:queue-unavailable')
      t.match(res.json().detail, /nothing was stored/)
      t.ok(res.headers['retry-after'])
      const [{ n }] = (await db.sql`select count(*)::int as n from conversions`) as unknown as [{ n: number }]
      t.equal(n, 0, `${name}: nothing stored`)
    }
  },
)

t.test(
  'uploads in flight share a memory budget: a burst is refused with 503, nothing lost, and the budget comes back',
  async (t) => {
    const { app, db } = await buildTestApp(t, {
      label: 'proposals_memory',
      env: { MAX_UPLOAD_BYTES: '200000', MAX_FILES_PER_UPLOAD: '3', UPLOAD_MEMORY_BYTES: '300000' },
    })
    const browser = new Browser(app)
    const proposal = (
      await browser.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Burst' } })
    ).json().id as string
    const url = `/api/proposals/${proposal}/conversions`
    const text = (n: number, c: string) => c.repeat(n)
    const conversions = async () =>
      ((await db.sql`select count(*)::int as n from conversions`) as unknown as [{ n: number }])[0].n

    const alone = await browser.request({
      method: 'POST',
      url,
      ...multipart([
        { filename: 'a.txt', content: text(160_000, 'a') },
        { filename: 'b.txt', content: text(160_000, 'b') },
      ]),
    })
    t.equal(alone.statusCode, 413, 'one request larger than the whole budget')
    t.match(alone.json(), { type: 'urn:draftsmith:problem:upload-too-large', detail: /send fewer at once/ })

    // A slow client: its first document has arrived, the rest of its body has not.
    const slow = multipart([{ filename: 'slow.txt', content: text(180_000, 's') }])
    const cut = slow.payload.length - '--\r\n'.length // up to the closing boundary's last dashes
    const body = new PassThrough()
    body.write(slow.payload.subarray(0, cut))
    const holding = browser.request({ method: 'POST', url, payload: body, headers: slow.headers })
    await new Promise((r) => setTimeout(r, 200))

    const burst = await browser.request({
      method: 'POST',
      url,
      ...multipart([{ filename: 'c.txt', content: text(150_000, 'c') }]),
    })
    t.equal(burst.statusCode, 503, 'the budget is taken by the upload in flight')
    t.match(burst.json(), {
      type: 'urn:draftsmith:problem:service-unavailable',
      detail: /nothing was stored, upload again/,
    })
    t.equal(burst.headers['retry-after'], '5')

    body.end(slow.payload.subarray(cut))
    t.equal((await holding).statusCode, 202, 'the slow upload completes')
    const after = await browser.request({
      method: 'POST',
      url,
      ...multipart([{ filename: 'c.txt', content: text(150_000, 'c') }]),
    })
    t.equal(after.statusCode, 202, 'and its memory is back: the same upload is taken now')
    t.equal(await conversions(), 2, 'only the accepted uploads were stored')
  },
)
