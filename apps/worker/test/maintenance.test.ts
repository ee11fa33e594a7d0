import t from 'tap'
import { sharedRedisUrl } from '@draftsmith/test-support'
import { deleteExpiredSessions } from '../src/maintenance/expired-sessions.js'
import { requeueStuckConversions } from '../src/maintenance/stuck-conversions.js'
import { removeOldUploads } from '../src/maintenance/upload-retention.js'
import { fixture, mimes, runWorker, settled, setup, store } from './helpers/worker.js'

const redis = await sharedRedisUrl()

t.test('expired sessions are deleted in batches; live ones stay', async (t) => {
  const s = await setup(t, 'maint_sessions', undefined)
  await s.db.sql`
    insert into sessions (id, data, expires_at, absolute_expires_at)
    select 'idle-' || g, '{}', now() - interval '1 minute', now() + interval '1 day' from generate_series(1, 1205) g`
  await s.db.sql`insert into sessions (id, data, expires_at, absolute_expires_at) values ('absolute', '{}', now() + interval '1 day', now() - interval '1 second')`
  await s.db.sql`insert into sessions (id, data, expires_at, absolute_expires_at) values ('live', '{}', now() + interval '1 day', now() + interval '2 days')`
  t.equal(await deleteExpiredSessions(s.db.sql, 500), 1206, 'three batches of 500')
  t.same((await s.db.sql`select id from sessions`).map((r) => r.id), ['live'])
})

t.test('upload retention removes old source bytes of finished conversions only', async (t) => {
  const s = await setup(t, 'maint_retention', undefined)
  const old = await store(s, 'old.txt', mimes.text, Buffer.from('old'))
  const oldQueued = await store(s, 'queued.txt', mimes.text, Buffer.from('queued'))
  const recent = await store(s, 'recent.txt', mimes.text, Buffer.from('recent'))
  await s.db.sql`update conversions set status = 'succeeded', markdown = 'old', created_at = now() - interval '40 days' where id = ${old}`
  await s.db.sql`update conversions set created_at = now() - interval '40 days' where id = ${oldQueued}`
  await s.db.sql`update conversions set status = 'succeeded', markdown = 'recent' where id = ${recent}`
  t.equal(await removeOldUploads(s.db.sql, 30), 1)
  const rows = await s.db.sql<{ id: string; has_bytes: boolean; markdown: string | null }[]>`select id, source_bytes is not null as has_bytes, markdown from conversions`
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]))
  t.match(byId[old], { has_bytes: false, markdown: 'old' }, 'the Markdown stays, the upload goes')
  t.match(byId[oldQueued], { has_bytes: true }, 'not finished: kept whatever its age')
  t.match(byId[recent], { has_bytes: true })
})

t.test('a conversion whose job was lost is queued again; one whose job failed for good is marked failed', async (t) => {
  const s = await setup(t, 'maint_stuck', undefined)
  const lost = await store(s, 'lost.txt', mimes.text, Buffer.from('lost job'))
  const fresh = await store(s, 'fresh.txt', mimes.text, Buffer.from('just uploaded'))
  await s.db.sql`update conversions set updated_at = now() - interval '10 minutes' where id = ${lost}`
  const queue = await s.producer.queue()
  t.same(await requeueStuckConversions(s.db.sql, queue), { requeued: 1, failed: 0 })
  t.equal((await queue.getJob(lost))?.id, lost)
  t.equal(await queue.getJob(fresh), undefined, 'a fresh upload is left alone')
  t.same(await requeueStuckConversions(s.db.sql, queue), { requeued: 0, failed: 0 }, 'a job that exists is not added twice')
  await runWorker(t, s)
  t.equal((await settled(s, lost)).status, 'succeeded')
})

for (const backend of [{ name: 'postgres backend' }, 'url' in redis ? { name: 'redis backend', redisUrl: redis.url } : { name: 'redis backend', skip: redis.skip }]) {
  t.test(`the schedulers run the maintenance — ${backend.name}`, { skip: backend.skip }, async (t) => {
    const s = await setup(t, `maint_run_${backend.redisUrl ? 'redis' : 'pg'}`, backend.redisUrl)
    await s.db.sql`insert into sessions (id, data, expires_at, absolute_expires_at) values ('expired', '{}', now() - interval '1 minute', now() + interval '1 day')`
    const doc = await store(s, 'old.pdf', mimes.pdf, fixture('report.pdf'))
    await s.db.sql`update conversions set status = 'succeeded', markdown = 'x', created_at = now() - interval '90 days' where id = ${doc}`
    await runWorker(t, s, { SESSION_CLEANUP_EVERY_MS: '1000', UPLOAD_RETENTION_EVERY_MS: '1000', UPLOAD_RETENTION_DAYS: '30' })
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
