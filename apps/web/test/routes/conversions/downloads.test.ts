import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import t from 'tap'
import { strFromU8, unzipSync } from 'fflate'
import type { FastifyInstance } from 'fastify'
import { Browser, buildTestApp } from '../../helpers/app.js'
import type { TestDatabase } from '@draftsmith/test-support'
import { STREAM_FOOTPRINT_BYTES } from '../../../src/downloads/asset-chunks.js'

const MiB = 1024 * 1024

/** A succeeded conversion of `owner`'s, written as the worker writes one. */
async function convertedFor(
  owner: Browser,
  db: TestDatabase,
  sourceName: string,
  markdown: string,
  assets: Buffer[] = [],
): Promise<string> {
  const proposal = (
    await owner.request({ method: 'POST', url: '/api/proposals', payload: { title: 'downloads' } })
  ).json().id as string
  const [row] = await db.sql<{ id: string }[]>`
    insert into conversions (proposal_id, status, source_name, source_mime, source_size, markdown, progress, finished_at)
    values (${proposal}, 'succeeded', ${sourceName}, 'text/html', 1, ${markdown}, 100, now()) returning id`
  for (const [i, bytes] of assets.entries()) {
    await db.sql`
      insert into conversion_assets (conversion_id, name, content_type, size, sha256, bytes)
      values (${row!.id}, ${`image-${i + 1}.png`}, 'image/png', ${bytes.length}, ${String(i).padStart(64, '0')}, ${bytes})`
  }
  return row!.id
}

t.test('downloads keep the document’s own name, in any script (RFC 6266 filename*)', async (t) => {
  const { app, db } = await buildTestApp(t, { label: 'downloads_names' })
  const owner = new Browser(app)
  const id = await convertedFor(owner, db, '报告.docx', '# 报告\n\n![](assets/image-1.png)\n', [randomBytes(100)])

  const markdown = await owner.request({ method: 'GET', url: `/api/conversions/${id}/markdown?download=true` })
  t.equal(markdown.statusCode, 200)
  t.equal(
    markdown.headers['content-disposition'],
    "attachment; filename=__.md; filename*=UTF-8''%E6%8A%A5%E5%91%8A.md",
    '报告.docx → 报告.md, with an ASCII stand-in for clients that do not read filename*',
  )

  const bundle = await owner.request({ method: 'GET', url: `/api/conversions/${id}/bundle` })
  t.equal(bundle.statusCode, 200)
  t.equal(bundle.headers['content-disposition'], "attachment; filename=__.zip; filename*=UTF-8''%E6%8A%A5%E5%91%8A.zip")
  const files = unzipSync(bundle.rawPayload)
  t.same(Object.keys(files).sort(), ['assets/image-1.png', '报告.md'], 'the Markdown inside keeps the name too')
  t.equal(strFromU8(files['报告.md']!), '# 报告\n\n![](assets/image-1.png)\n')

  const accented = await convertedFor(owner, db, 'Résumé "final".v2.pdf', 'x')
  const download = await owner.request({ method: 'GET', url: `/api/conversions/${accented}/markdown?download=true` })
  t.equal(
    download.headers['content-disposition'],
    'attachment; filename="R_sum_ _final_.v2.md"; filename*=UTF-8\'\'R%C3%A9sum%C3%A9%20_final_.v2.md',
    'only the extension goes; quotes and other characters a file system refuses become _',
  )
  const hidden = await convertedFor(owner, db, '../../.bashrc', 'x')
  t.equal(
    (await owner.request({ method: 'GET', url: `/api/conversions/${hidden}/markdown?download=true` })).headers[
      'content-disposition'
    ],
    'attachment; filename=_.._.md',
    'no path and no leading dot survive',
  )
})

t.test('the bundle streams every picture whole, read from Postgres a slice at a time', async (t) => {
  const { app, db } = await buildTestApp(t, { label: 'downloads_bundle' })
  const owner = new Browser(app)
  // Sizes around the 1 MiB slice: one under, one exactly, one across several.
  const pictures = [randomBytes(1000), randomBytes(MiB), randomBytes(2.5 * MiB + 7)]
  const id = await convertedFor(owner, db, 'pictures.html', '# Pictures\n'.repeat(20_000), pictures)
  const bundle = await owner.request({ method: 'GET', url: `/api/conversions/${id}/bundle` })
  t.equal(bundle.statusCode, 200)
  t.equal(bundle.headers['content-length'], undefined, 'streamed (chunked), not built first')
  const files = unzipSync(bundle.rawPayload)
  t.same(Object.keys(files).sort(), ['assets/image-1.png', 'assets/image-2.png', 'assets/image-3.png', 'pictures.md'])
  pictures.forEach((bytes, i) =>
    t.ok(Buffer.from(files[`assets/image-${i + 1}.png`]!).equals(bytes), `picture ${i + 1}`),
  )
  t.equal(strFromU8(files['pictures.md']!), '# Pictures\n'.repeat(20_000))
  t.ok(bundle.rawPayload.length < 4 * MiB, 'the Markdown is deflated; the pictures, compressed already, are stored')
  t.equal(app.limits.downloads.heldBytes, 0, 'its reservation is returned once it has been sent')
})

t.test('a large picture streams with its length; a small one is sent whole; both revalidate by ETag', async (t) => {
  const { app, db } = await buildTestApp(t, { label: 'downloads_assets' })
  const owner = new Browser(app)
  const small = randomBytes(10_000)
  const large = randomBytes(3 * MiB + 1)
  const id = await convertedFor(owner, db, 'a.html', 'x', [small, large])
  const big = await owner.request({ method: 'GET', url: `/api/conversions/${id}/assets/image-2.png` })
  t.equal(big.statusCode, 200)
  t.equal(big.headers['content-length'], String(large.length))
  t.ok(big.rawPayload.equals(large), 'every byte, in order')
  const little = await owner.request({ method: 'GET', url: `/api/conversions/${id}/assets/image-1.png` })
  t.ok(little.rawPayload.equals(small))
  const again = await owner.request({
    method: 'GET',
    url: `/api/conversions/${id}/assets/image-2.png`,
    headers: { 'if-none-match': big.headers.etag as string },
  })
  t.equal(again.statusCode, 304, 'a browser that has it already gets a 304, and nothing is read')
  t.equal(again.rawPayload.length, 0)
  t.equal(app.limits.downloads.heldBytes, 0)
})

/** Starts a download and reads none of it: the response holds its reservation until it is read or closed. */
async function started(app: FastifyInstance, owner: Browser, url: string, remoteAddress: string) {
  const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const response = await app.inject({ method: 'GET', url, headers: { cookie }, remoteAddress, payloadAsStream: true })
  return { response, body: response.stream() as Readable }
}

const drained = (body: Readable) =>
  new Promise<number>((resolve, reject) => {
    let bytes = 0
    body.on('data', (chunk: Buffer) => (bytes += chunk.length))
    body.on('end', () => resolve(bytes))
    body.on('error', reject)
  })

t.test('bundles and large pictures share one memory budget: past it, 429 with Retry-After', async (t) => {
  // Room for two streamed responses and not a third.
  const { app, db } = await buildTestApp(t, {
    label: 'downloads_budget',
    env: { DOWNLOAD_MEMORY_BYTES: String(2 * STREAM_FOOTPRINT_BYTES + 4 * MiB), DOWNLOADS_IN_FLIGHT_PER_CLIENT: '10' },
  })
  const owner = new Browser(app)
  const id = await convertedFor(owner, db, 'big.html', 'x', [randomBytes(6 * MiB), randomBytes(6 * MiB)])
  const first = await started(app, owner, `/api/conversions/${id}/bundle`, '198.51.100.1')
  const second = await started(app, owner, `/api/conversions/${id}/assets/image-1.png`, '198.51.100.2')
  t.equal(first.response.statusCode, 200)
  t.equal(second.response.statusCode, 200)
  t.ok(app.limits.downloads.heldBytes >= 2 * STREAM_FOOTPRINT_BYTES, 'both hold their share while they are being sent')

  const third = await owner.request({
    method: 'GET',
    url: `/api/conversions/${id}/bundle`,
    remoteAddress: '198.51.100.3',
  })
  t.equal(third.statusCode, 429)
  t.match(third.headers['content-type'], /^application\/problem\+json/)
  t.equal(third.headers['retry-after'], '5')
  t.match(third.json().detail, /sending as many large downloads as it can hold right now/)
  const smallOne = await owner.request({ method: 'GET', url: `/api/conversions/${id}/markdown` })
  t.equal(smallOne.statusCode, 200, 'what is not heavy is not held back')
  // A long Markdown is read whole: it reserves twice its length before it is read (6 MiB here, 4 left).
  const long = '## 报告 — a long report\n\n'.repeat(100_000)
  const longId = await convertedFor(owner, db, 'long.html', long)
  const refusedText = await owner.request({
    method: 'GET',
    url: `/api/conversions/${longId}/markdown`,
    remoteAddress: '198.51.100.3',
  })
  t.equal(refusedText.statusCode, 429, 'a long Markdown waits for room, as a bundle does')
  t.equal(refusedText.headers['retry-after'], '5')

  t.ok((await drained(first.body)) > 12 * MiB, 'the first bundle arrives whole…')
  await drained(second.body)
  t.equal(app.limits.downloads.heldBytes, 0, '…and what it held is free again')
  const fourth = await owner.request({
    method: 'GET',
    url: `/api/conversions/${id}/bundle`,
    remoteAddress: '198.51.100.3',
  })
  t.equal(fourth.statusCode, 200)
  const text = await owner.request({ method: 'GET', url: `/api/conversions/${longId}/markdown` })
  t.equal(text.statusCode, 200, 'with room, the long Markdown is sent…')
  t.equal(text.headers['content-length'], String(Buffer.byteLength(long)))
  t.equal(text.body, long, '…whole, as UTF-8')
  t.equal(app.limits.downloads.heldBytes, 0, '…and gives its share back')
})

t.test('one address may run only so many large downloads at once (its /64 for IPv6)', async (t) => {
  const { app, db } = await buildTestApp(t, {
    label: 'downloads_per_client',
    env: { DOWNLOADS_IN_FLIGHT_PER_CLIENT: '1' },
  })
  const owner = new Browser(app)
  const id = await convertedFor(owner, db, 'big.html', 'x', [randomBytes(3 * MiB)])
  const held = await started(app, owner, `/api/conversions/${id}/bundle`, '2001:db8:1:2::1')
  const refused = await owner.request({
    method: 'GET',
    url: `/api/conversions/${id}/assets/image-1.png`,
    remoteAddress: '2001:db8:1:2::99',
  })
  t.equal(refused.statusCode, 429)
  t.match(refused.json().detail, /this address already has 1 large downloads in progress/)
  const elsewhere = await owner.request({
    method: 'GET',
    url: `/api/conversions/${id}/bundle`,
    remoteAddress: '2001:db8:1:3::1',
  })
  t.equal(elsewhere.statusCode, 200, 'another client is not held back by it')
  await drained(held.body)
  t.equal(app.limits.downloads.heldBytes, 0, 'once it has been sent, the address may start another')
  const next = await owner.request({
    method: 'GET',
    url: `/api/conversions/${id}/assets/image-1.png`,
    remoteAddress: '2001:db8:1:2::99',
  })
  t.equal(next.statusCode, 200)
})
