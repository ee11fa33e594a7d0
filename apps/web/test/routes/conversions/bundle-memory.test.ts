import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import t from 'tap'
import { migratedDatabase, SECRET } from '../../helpers/app.js'
import { call, startServer } from '../../helpers/server.js'

/**
 * The built server over real connections, where memory is real: the issue's six concurrent
 * bundles of 49 distinct 1 MiB pictures took the web to 629 MB (600–750 MB here) when each bundle was
 * built whole in memory; streamed, they take a few MB each.
 */
const MiB = 1024 * 1024
const db = await migratedDatabase(t, 'bundle_memory')
const web = await startServer(t, {
  DATABASE_URL: db.databaseUrl,
  SESSION_SECRET: SECRET,
  LOG_LEVEL: 'info',
  DOWNLOADS_IN_FLIGHT_PER_CLIENT: '6',
  // Short, so the stall test is quick; not so short that a loaded machine's pauses look like a stall.
  DOWNLOAD_STALL_TIMEOUT_SECONDS: '3',
})

const created = await call(web.port, {
  method: 'POST',
  path: '/api/proposals',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ title: 'pictures' }),
})
const cookie = String(created.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? ''
const [conversion] = await db.sql<{ id: string }[]>`
  insert into conversions (proposal_id, status, source_name, source_mime, source_size, markdown, progress, finished_at)
  values (${JSON.parse(created.body).id}, 'succeeded', 'pictures.docx', 'application/pdf', 59514, '# Pictures', 100, now())
  returning id`
// Distinct, incompressible: like real pictures, nothing is deduplicated or shrunk on the way.
for (let i = 1; i <= 49; i++) {
  await db.sql`
    insert into conversion_assets (conversion_id, name, content_type, size, sha256, bytes)
    values (${conversion!.id}, ${`image-${i}.png`}, 'image/png', ${MiB}, ${String(i).padStart(64, '0')}, ${randomBytes(MiB)})`
}
const bundlePath = `/api/conversions/${conversion!.id}/bundle`

const memoryKb = (field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${web.pid}/status`, 'utf8'))?.[1])

/** Starts a download and hands over the response without reading it. */
const open = () =>
  new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path: bundlePath, headers: { cookie } }, resolve)
    req.on('error', reject)
    req.end()
  })

const readAll = (res: IncomingMessage) =>
  new Promise<number>((resolve, reject) => {
    let bytes = 0
    res.on('data', (c: Buffer) => (bytes += c.length))
    res.on('end', () => resolve(bytes))
    res.on('error', reject)
  })

/** What a new download gets now: retried while the server is still letting go of an earlier one. */
async function statusOfNextDownload(expected: number): Promise<number> {
  const deadline = Date.now() + 20_000
  let status = 0
  while (Date.now() < deadline) {
    const res = await open()
    status = res.statusCode ?? 0
    res.destroy()
    if (status === expected) return status
    await new Promise((r) => setTimeout(r, 100))
  }
  return status
}

t.test('six concurrent bundles of 49 MiB raise the web’s peak RSS by tens of MB, not hundreds', async (t) => {
  const before = memoryKb('VmRSS')
  // Each read from its first byte: this server cuts a download nobody reads for three seconds, and on a
  // loaded machine the sixth response can be that long behind the first.
  const downloads = await Promise.all(
    Array.from({ length: 6 }, () => open().then((res) => ({ status: res.statusCode, size: readAll(res) }))),
  )
  t.same(
    downloads.map((download) => download.status),
    [200, 200, 200, 200, 200, 200],
  )
  const sizes = await Promise.all(downloads.map((download) => download.size))
  for (const size of sizes) t.ok(size > 49 * MiB, `a whole bundle arrived (${size} bytes)`)
  const grewMb = (memoryKb('VmHWM') - before) / 1024
  // Built whole, the same downloads added about 600 MB; streamed they add about 115 MB, most of
  // it garbage V8 collects in steps (the budget reserves 5 MiB per download).
  t.ok(grewMb < 250, `peak RSS grew by ${Math.round(grewMb)} MB`)
})

t.test('a client that stops reading loses its download, and gives its share back', async (t) => {
  // Six at once is this address's share: a seventh waits for one of them to end.
  const stalled = await Promise.all(Array.from({ length: 6 }, () => open()))
  for (const res of stalled) res.pause()
  const seventh = await open()
  t.equal(seventh.statusCode, 429, 'the address has its six in progress')
  t.match(seventh.headers['retry-after'], /^\d+$/)
  seventh.destroy()
  t.equal(
    await statusOfNextDownload(200),
    200,
    'after three seconds without reading the server lets go of them: the address may download again',
  )
  // A paused socket reads nothing, its end included: reading again shows each was cut short.
  const outcomes = await Promise.all(
    stalled.map(
      (res) =>
        new Promise<string>((resolve) => {
          res.on('data', () => {})
          res.once('end', () => resolve(res.complete ? 'complete' : 'cut off'))
          res.once('error', () => resolve('cut off'))
          res.resume()
        }),
    ),
  )
  // Loopback's socket buffers (up to 32 MiB here) can take most of a bundle: those that fitted
  // ended complete, and a download that did not fit was cut off rather than held.
  t.ok(outcomes.includes('cut off'), `outcomes: ${outcomes.join(', ')}`)
})

t.test('a client that hangs up mid-download gives its share back at once', async (t) => {
  const downloads = await Promise.all(Array.from({ length: 6 }, () => open()))
  for (const res of downloads) {
    await new Promise((resolve) => res.once('data', resolve))
    res.destroy()
  }
  t.equal(await statusOfNextDownload(200), 200)
})

t.test('eight concurrent reads of a 20 MiB Markdown take the budget’s room, not 600 MB', async (t) => {
  // Before: each read the text whole (received, joined, as a string, as bytes sent): 8 × 74 MB.
  const [long] = await db.sql<{ id: string }[]>`
    insert into conversions (proposal_id, status, source_name, source_mime, source_size, markdown, progress, finished_at)
    select proposal_id, 'succeeded', 'long.txt', 'text/plain', 10485760, repeat(${'A line of a long memo. '}, 912000), 100, now()
    from conversions where id = ${conversion!.id}
    returning id`
  // The peak from here on (clear_refs 5 resets VmHWM; the server is this user's process).
  writeFileSync(`/proc/${web.pid}/clear_refs`, '5')
  const before = memoryKb('VmRSS')
  const reads = await Promise.all(
    Array.from({ length: 8 }, () =>
      call(web.port, { method: 'GET', path: `/api/conversions/${long!.id}/markdown`, headers: { cookie } }),
    ),
  )
  const grewMb = (memoryKb('VmHWM') - before) / 1024
  const statuses = reads.map((read) => read.status)
  t.ok(
    statuses.every((status) => status === 200 || status === 429),
    `${statuses.filter((s) => s === 200).length} sent, ${statuses.filter((s) => s === 429).length} told to retry`,
  )
  for (const read of reads.filter((r) => r.status === 200)) t.equal(read.body.length, 23 * 912000, 'sent whole')
  for (const read of reads.filter((r) => r.status === 429)) t.match(read.headers['retry-after'], /^\d+$/)
  t.ok(grewMb < 150, `peak RSS grew by ${Math.round(grewMb)} MB`)
})
