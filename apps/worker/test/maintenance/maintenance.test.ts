import t from 'tap'
import { openWorker, queueNames } from '@draftsmith/jobs'
import { sharedRedisUrl } from '@draftsmith/test-support'
import { UnrecoverableError } from 'bullmq'
import { removeOldUploads } from '@draftsmith/db/conversions'
import { SessionQueries } from '@draftsmith/db/sessions'
import { LOST_CONVERSION, requeueStuckConversions } from '../../src/maintenance/stuck-conversions.js'
import { conversion, fixture, mimes, runWorker, settled, setup, store, upload, backendOf } from '../helpers/worker.js'

const redis = await sharedRedisUrl()

t.test('expired sessions are deleted in batches; live ones stay', async (t) => {
  const s = await setup(t, 'maint_sessions', undefined)
  await s.db.sql`
    insert into sessions (id, data, expires_at, absolute_expires_at)
    select 'idle-' || g, '{}', now() - interval '1 minute', now() + interval '1 day' from generate_series(1, 1205) g`
  await s.db
    .sql`insert into sessions (id, data, expires_at, absolute_expires_at) values ('absolute', '{}', now() + interval '1 day', now() - interval '1 second')`
  await s.db
    .sql`insert into sessions (id, data, expires_at, absolute_expires_at) values ('live', '{}', now() + interval '1 day', now() + interval '2 days')`
  t.equal(await new SessionQueries(s.db.sql).deleteExpired(500), 1206, 'three batches of 500')
  t.same(
    (await s.db.sql`select id from sessions`).map((r) => r.id),
    ['live'],
  )
})

t.test('upload retention removes old source bytes of finished conversions only', async (t) => {
  const s = await setup(t, 'maint_retention', undefined)
  const old = await store(s, 'old.txt', mimes.text, Buffer.from('old'))
  const oldQueued = await store(s, 'queued.txt', mimes.text, Buffer.from('queued'))
  const recent = await store(s, 'recent.txt', mimes.text, Buffer.from('recent'))
  await s.db
    .sql`update conversions set status = 'succeeded', markdown = 'old', created_at = now() - interval '40 days' where id = ${old}`
  await s.db.sql`update conversions set created_at = now() - interval '40 days' where id = ${oldQueued}`
  await s.db.sql`update conversions set status = 'succeeded', markdown = 'recent' where id = ${recent}`
  t.equal(await removeOldUploads(s.db.db, 30), 1)
  const rows = await s.db.sql<
    { id: string; has_bytes: boolean; markdown: string | null }[]
  >`select id, source_bytes is not null as has_bytes, markdown from conversions`
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
  t.match(byId[old], { has_bytes: false, markdown: 'old' }, 'the Markdown stays, the upload goes')
  t.match(byId[oldQueued], { has_bytes: true }, 'not finished: kept whatever its age')
  t.match(byId[recent], { has_bytes: true })
})

t.test(
  "anonymous visitors' conversions are removed whole after their retention; accounts keep their results",
  async (t) => {
    const s = await setup(t, 'maint_anonymous', undefined)
    const [user] = await s.db.sql<{ id: string }[]>`
    insert into users (email, password_hash) values ('kept@example.com', 'x') returning id`
    const [visitorProposal, _emptyProposal, accountProposal] = await s.db.sql<{ id: string }[]>`
    insert into proposals (title, visitor_session_id, owner_user_id, created_at, updated_at) values
      ('visitor', gen_random_uuid(), null, now() - interval '10 days', now() - interval '10 days'),
      ('empty', gen_random_uuid(), null, now() - interval '10 days', now() - interval '10 days'),
      ('account', null, ${user!.id}, now() - interval '40 days', now() - interval '40 days')
    returning id`
    const conversion = async (proposal: string, status: string, age: string) => {
      const [row] = await s.db.sql<{ id: string }[]>`
      insert into conversions (proposal_id, status, source_name, source_mime, source_size, source_bytes, markdown, created_at)
      values (${proposal}, ${status}, 'a.html', 'text/html', 4, ${Buffer.from('html')},
              ${status === 'succeeded' ? '![a](assets/image-1.png)' : null}, now() - ${age}::interval)
      returning id`
      await s.db.sql`
      insert into conversion_assets (conversion_id, name, content_type, size, sha256, bytes)
      values (${row!.id}, 'image-1.png', 'image/png', 3, ${'0'.repeat(64)}, ${Buffer.from('png')})`
      return row!.id
    }
    const expired = await conversion(visitorProposal!.id, 'succeeded', '8 days')
    const expiredFailed = await conversion(visitorProposal!.id, 'failed', '8 days')
    const stillQueued = await conversion(visitorProposal!.id, 'queued', '8 days')
    const recent = await conversion(visitorProposal!.id, 'succeeded', '6 days')
    const accounts = await conversion(accountProposal!.id, 'succeeded', '40 days')

    await runWorker(t, s, {
      UPLOAD_RETENTION_EVERY_MS: '1000',
      ANONYMOUS_RETENTION_DAYS: '7',
      UPLOAD_RETENTION_DAYS: '30',
    })
    const deadline = Date.now() + 20_000
    let left: Array<{ id: string; has_bytes: boolean; markdown: string | null; assets: number }> = []
    while (Date.now() < deadline) {
      left = await s.db.sql`
      select c.id, c.source_bytes is not null as has_bytes, c.markdown,
             (select count(*)::int from conversion_assets a where a.conversion_id = c.id) as assets
      from conversions c order by c.created_at`
      if (left.length === 3 && !left.find((r) => r.id === accounts)?.has_bytes) break
      await new Promise((r) => setTimeout(r, 100))
    }
    t.same(
      left.map((r) => r.id).sort(),
      [stillQueued, recent, accounts].sort(),
      'the visitor’s finished conversions older than 7 days are gone, succeeded or failed',
    )
    for (const id of [expired, expiredFailed]) t.notOk(left.find((r) => r.id === id))
    t.equal(
      (
        await s.db
          .sql`select count(*)::int as n from conversion_assets where conversion_id in ${s.db.sql([expired, expiredFailed])}`
      )[0]!.n,
      0,
      'with their pictures',
    )
    t.match(
      left.find((r) => r.id === accounts),
      { has_bytes: false, markdown: '![a](assets/image-1.png)', assets: 1 },
      'an account keeps its Markdown and pictures; only its upload goes after UPLOAD_RETENTION_DAYS',
    )
    t.match(
      left.find((r) => r.id === recent),
      { has_bytes: true, assets: 1 },
      'a recent one is kept whole',
    )
    const proposalsLeft = (await s.db.sql<{ id: string }[]>`select id from proposals`).map((r) => r.id).sort()
    t.same(
      proposalsLeft,
      [visitorProposal!.id, accountProposal!.id].sort(),
      'an old anonymous proposal left empty goes too; one still holding conversions stays',
    )
  },
)

t.test('a conversion whose job was lost is queued again', async (t) => {
  const s = await setup(t, 'maint_stuck', undefined)
  const lost = await store(s, 'lost.txt', mimes.text, Buffer.from('lost job'))
  const fresh = await store(s, 'fresh.txt', mimes.text, Buffer.from('just uploaded'))
  const abandoned = await store(s, 'abandoned.txt', mimes.text, Buffer.from('its worker died'))
  const working = await store(s, 'working.txt', mimes.text, Buffer.from('still converting'))
  await s.db.sql`update conversions set updated_at = now() - interval '10 minutes' where id = ${lost}`
  await s.db
    .sql`update conversions set status = 'processing', progress = 40, updated_at = now() - interval '20 minutes' where id = ${abandoned}`
  await s.db
    .sql`update conversions set status = 'processing', progress = 40, updated_at = now() - interval '1 minute' where id = ${working}`
  const queue = await s.producer.queue()
  t.same(await requeueStuckConversions(s.db.db, queue, { processingAfterMs: 5 * 60_000 }), { requeued: 2, failed: 0 })
  t.equal((await queue.getJob(lost))?.id, lost)
  t.equal((await queue.getJob(abandoned))?.id, abandoned, 'a row left `processing` with no job behind it')
  t.match(await conversion(s, abandoned), { status: 'queued', progress: 0 })
  t.equal(await queue.getJob(fresh), undefined, 'a fresh upload is left alone')
  t.equal(await queue.getJob(working), undefined, 'a conversion with recent progress is left to its worker')
  t.same(
    await requeueStuckConversions(s.db.db, queue, { processingAfterMs: 15 * 60_000 }),
    { requeued: 0, failed: 0 },
    'a job that exists is not added twice',
  )
  await runWorker(t, s)
  t.equal((await settled(s, lost)).status, 'succeeded')
  t.equal((await settled(s, abandoned)).status, 'succeeded')
})

t.test(
  'a conversion whose job failed without a word to its row is marked failed, in words a person can act on',
  async (t) => {
    const s = await setup(t, 'maint_failed', undefined)
    const queued = await upload(s, 'stalled.txt', mimes.text, Buffer.from('stalled twice'))
    const processing = await upload(s, 'dropped.txt', mimes.text, Buffer.from('the database went away'))
    // What BullMQ does when a job stalls past maxStalledCount, or a last attempt cannot write its row:
    // the job fails and the row still says queued/processing.
    const killer = openWorker(
      backendOf(s.env),
      queueNames.conversions,
      async () => {
        throw new UnrecoverableError('job stalled more than allowable limit')
      },
      { clientName: 'maint-test', concurrency: 2 },
    )
    t.teardown(() => killer.close())
    const queue = await s.producer.queue()
    const deadline = Date.now() + 20_000
    while (((await queue.getJobCounts('failed')).failed ?? 0) < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50))
    await killer.close()
    await s.db
      .sql`update conversions set status = 'processing', updated_at = now() - interval '1 hour' where id = ${processing}`
    await s.db.sql`update conversions set updated_at = now() - interval '1 hour' where id = ${queued}`
    t.same(await requeueStuckConversions(s.db.db, queue, { processingAfterMs: 15 * 60_000 }), {
      requeued: 0,
      failed: 2,
    })
    for (const id of [queued, processing]) {
      const row = await conversion(s, id)
      t.match(row, { status: 'failed', error: LOST_CONVERSION }, 'no BullMQ jargon reaches the person')
      t.ok(row.finishedAt)
    }
    t.same(
      await requeueStuckConversions(s.db.db, queue, { processingAfterMs: 15 * 60_000 }),
      { requeued: 0, failed: 0 },
      'nothing left to repair',
    )
  },
)

for (const backend of [
  { name: 'postgres backend' },
  'url' in redis ? { name: 'redis backend', redisUrl: redis.url } : { name: 'redis backend', skip: redis.skip },
]) {
  t.test(`the schedulers run the maintenance — ${backend.name}`, { skip: backend.skip }, async (t) => {
    const s = await setup(t, `maint_run_${backend.redisUrl ? 'redis' : 'pg'}`, backend.redisUrl)
    await s.db
      .sql`insert into sessions (id, data, expires_at, absolute_expires_at) values ('expired', '{}', now() - interval '1 minute', now() + interval '1 day')`
    const doc = await store(s, 'old.pdf', mimes.pdf, fixture('report.pdf'))
    await s.db
      .sql`update conversions set status = 'succeeded', markdown = 'x', created_at = now() - interval '90 days' where id = ${doc}`
    await runWorker(t, s, {
      SESSION_CLEANUP_EVERY_MS: '1000',
      UPLOAD_RETENTION_EVERY_MS: '1000',
      UPLOAD_RETENTION_DAYS: '30',
    })
    const deadline = Date.now() + 20_000
    let done = false
    while (!done && Date.now() < deadline) {
      const [row] = await s.db.sql<{ sessions: number; bytes: number }[]>`
        select (select count(*) from sessions)::int as sessions, (select count(*) from conversions where source_bytes is not null)::int as bytes`
      done = row?.sessions === 0 && row?.bytes === 0
      if (!done) await new Promise((r) => setTimeout(r, 100))
    }
    t.ok(done, 'the expired session and the old upload are gone, with no one calling anything')
  })
}
