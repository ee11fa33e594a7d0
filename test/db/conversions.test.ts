import t from 'tap'
import {
  conversionMarkdown,
  failConversion,
  findConversion,
  findStaleConversions,
  listConversions,
  markdownBytesOf,
  recordProgress,
  requeueConversion,
  resetStaleConversion,
  retryConversion,
  startConversion,
  storeUploads,
  succeedConversion,
} from '@draftsmith/db/conversions'
import { createProposal } from '@draftsmith/db/proposals'
import { migratedDatabase } from '@draftsmith/test-support'

const db = await migratedDatabase(t, 'db_conversions')
const owner = { kind: 'visitor', visitorId: '00000000-0000-4000-8000-000000000001' } as const
const stranger = { kind: 'visitor', visitorId: '00000000-0000-4000-8000-000000000002' } as const
const proposal = await createProposal(db.db, owner, 'State machine')
const upload = async (name: string) => {
  const [row] = await storeUploads(db.db, proposal.id, [
    { name, mime: 'text/plain', bytes: Buffer.from(`text of ${name}`) },
  ])
  return row!.id
}
const output = {
  markdown: '# Hi\n\n![a picture](assets/image-1.png)\n',
  stats: { words: 1, headings: 1, tables: 0 },
  report: {
    found: { headings: 1, images: 1 },
    notKept: [{ code: 'image-format-unsupported-emf', count: 1, message: '1 EMF image kept as a placeholder' }],
  },
  assets: [
    {
      name: 'image-1.png',
      contentType: 'image/png',
      sha256: 'ab'.repeat(32),
      bytes: new Uint8Array([137, 80, 78, 71]),
    },
  ],
}

t.test('queued → processing → succeeded, with its assets and report in the same transaction', async (t) => {
  const id = await upload('a.txt')
  const started = await startConversion(db.db, id)
  t.match(started, { kind: 'started', name: 'a.txt', mime: 'text/plain' })
  await recordProgress(db.db, id, 150)
  t.match(
    await findConversion(db.db, owner, id),
    { status: 'processing', progress: 99, attempts: 1 },
    'progress stays below 100 until success',
  )
  t.equal(await succeedConversion(db.db, id, output), true)
  const done = await findConversion(db.db, owner, id)
  t.match(done, {
    status: 'succeeded',
    progress: 100,
    report: output.report,
    assets: [{ name: 'image-1.png', contentType: 'image/png', size: 4 }],
  })
  t.equal(await findConversion(db.db, stranger, id), undefined, 'nobody else sees it')
})

t.test('a result without pictures: one statement, and still only over a processing row', async (t) => {
  const plain = { ...output, markdown: '# Plain\n', assets: [] }
  const id = await upload('plain-result.txt')
  t.equal(await succeedConversion(db.db, id, plain), false, 'a queued row takes no result')
  t.match(await conversionMarkdown(db.db, owner, id), { status: 'queued', markdown: null, markdownBytes: null })
  await startConversion(db.db, id)
  t.equal(await succeedConversion(db.db, id, plain), true)
  t.match(await findConversion(db.db, owner, id), { status: 'succeeded', progress: 100, assets: [] })
  t.match(await conversionMarkdown(db.db, owner, id), { markdown: '# Plain\n', markdownBytes: 8 })
  t.match(
    await conversionMarkdown(db.db, owner, id, { bytesUpTo: 7 }),
    { markdown: null, markdownBytes: 8 },
    'a Markdown past bytesUpTo is measured, not read',
  )
  t.equal(await conversionMarkdown(db.db, stranger, id), undefined)
  t.same(await markdownBytesOf(db.db, id), Buffer.from('# Plain\n'), 'read as its UTF-8 bytes')
  t.equal(
    await succeedConversion(db.db, id, { ...plain, markdown: 'overwritten' }),
    false,
    'a second delivery overwrites nothing',
  )
  t.match(await conversionMarkdown(db.db, owner, id), { markdown: '# Plain\n' })
})

t.test('the options an upload asked for travel with the conversion to the worker', async (t) => {
  const [row] = await storeUploads(
    db.db,
    proposal.id,
    [{ name: 'p.pdf', mime: 'application/pdf', bytes: Buffer.from('%PDF') }],
    { options: { pageMarkers: true } },
  )
  t.match(await startConversion(db.db, row!.id), { kind: 'started', options: { pageMarkers: true } })
  t.match(await startConversion(db.db, await upload('plain.txt')), { kind: 'started', options: {} }, 'none asked: none')
})

t.test('at-least-once delivery: a second delivery finds nothing to do and overwrites nothing', async (t) => {
  const id = await upload('twice.txt')
  await startConversion(db.db, id)
  t.equal(await succeedConversion(db.db, id, output), true)
  t.same(await startConversion(db.db, id), { kind: 'already-finished' })
  t.equal(
    await succeedConversion(db.db, id, { ...output, markdown: 'overwritten' }),
    false,
    'a result lands only on a processing row',
  )
  t.equal(await failConversion(db.db, id, 'late failure'), false, 'a finished conversion is never failed afterwards')
  t.equal(await requeueConversion(db.db, id), false)
  t.match(await findConversion(db.db, owner, id), { status: 'succeeded', error: null })
  t.same(await startConversion(db.db, '00000000-0000-4000-8000-0000000000ff'), { kind: 'missing' })
})

t.test('hand back on shutdown and transient failures go back to queued; a redelivery counts an attempt', async (t) => {
  const id = await upload('back.txt')
  await startConversion(db.db, id)
  await recordProgress(db.db, id, 40)
  t.equal(await requeueConversion(db.db, id), true)
  t.match(
    await findConversion(db.db, owner, id),
    { status: 'queued', progress: 40 },
    'a retry after a transient failure keeps its progress',
  )
  await startConversion(db.db, id)
  t.equal(await requeueConversion(db.db, id, { untouched: true }), true)
  t.match(await findConversion(db.db, owner, id), { status: 'queued', progress: 0, attempts: 2 })
  t.equal(await requeueConversion(db.db, id), false, 'only a processing row can be handed back')
})

t.test('retry: only a failed conversion, only by its owner, only while its upload is stored', async (t) => {
  const id = await upload('retry.txt')
  t.match(await retryConversion(db.db, owner, id), { kind: 'not-failed', status: 'queued' })
  await startConversion(db.db, id)
  t.equal(await failConversion(db.db, id, 'the document is damaged'), true)
  t.same(await retryConversion(db.db, stranger, id), { kind: 'missing' })
  const retried = await retryConversion(db.db, owner, id)
  t.match(retried, {
    kind: 'queued',
    previousError: 'the document is damaged',
    conversion: { status: 'queued', error: null, attempts: 0, finishedAt: null },
  })
  t.match(await retryConversion(db.db, owner, id), { kind: 'not-failed' }, 'a second retry is not a second job')
  await startConversion(db.db, id)
  await failConversion(db.db, id, 'again')
  await db.sql`update conversions set source_bytes = null where id = ${id}`
  t.same(await retryConversion(db.db, owner, id), { kind: 'source-removed' })
  t.same(
    await startConversion(db.db, id),
    { kind: 'already-finished' },
    'a failed one is not started again by a stray delivery',
  )
})

t.test('a stale row is reset only from the state it was seen in', async (t) => {
  const id = await upload('stale.txt')
  await startConversion(db.db, id)
  await db.sql`update conversions set updated_at = now() - interval '1 hour' where id = ${id}`
  const stale = (await findStaleConversions(db.db, { queuedAfterMs: 3_600_000 * 2, processingAfterMs: 60_000 })).find(
    (c) => c.id === id,
  )
  t.same(stale, { id, status: 'processing' })
  await recordProgress(db.db, id, 50)
  await db.sql`update conversions set status = 'queued' where id = ${id}`
  t.equal(await resetStaleConversion(db.db, stale!), false, 'it moved meanwhile: left alone')
})

t.test("a proposal's conversions page newest first, without gaps or repeats", async (t) => {
  const other = await createProposal(db.db, owner, 'Paged')
  const stored = await storeUploads(
    db.db,
    other.id,
    Array.from({ length: 7 }, (_, i) => ({ name: `${i}.txt`, mime: 'text/plain', bytes: Buffer.from(String(i)) })),
  )
  // One statement: all seven share created_at, so only the id orders them.
  const seen: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await listConversions(db.db, other.id, { limit: 3, cursor })
    seen.push(...page.items.map((c) => c.id))
    cursor = page.next ?? undefined
    pages++
  } while (cursor !== undefined)
  t.equal(pages, 3)
  t.same(
    seen,
    stored
      .map((c) => c.id)
      .sort()
      .reverse(),
    'every row once, in (created_at, id) descending order',
  )
})
