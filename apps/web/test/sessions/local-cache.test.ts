import t from 'tap'
import { LocalSessionCache } from '../../src/sessions/local-cache.js'
import type { SessionRecord } from '../../src/sessions/session-record.js'

const record = (userId: string): SessionRecord => ({
  userId,
  visitorId: null,
  data: {},
  createdAt: Date.now(),
  lastSeenAt: Date.now(),
  expiresAt: Date.now() + 60_000,
  absoluteExpiresAt: Date.now() + 120_000,
})

t.test('a record read while a removal arrived is not kept: the removal wins', async (t) => {
  const cache = new LocalSessionCache(2000)
  cache.enable()
  const before = cache.mark()
  // The read is in flight (Redis or Postgres) when another instance's revoke is heard.
  cache.delete('s1')
  cache.set('s1', record('u1'), before)
  t.equal(cache.get('s1'), undefined, 'the revoked session is not resurrected from a read that raced it')
  cache.set('s1', record('u1'), cache.mark())
  t.equal(cache.get('s1')?.userId, 'u1', 'a read that began after the removal is kept')
})

t.test('the feed going down or coming back also voids reads in flight', async (t) => {
  const cache = new LocalSessionCache(2000)
  cache.enable()
  const mark = cache.mark()
  cache.disable()
  cache.enable()
  cache.set('s1', record('u1'), mark)
  t.equal(cache.get('s1'), undefined, 'notifications may have been missed while the feed was down')
  cache.disable()
  cache.set('s1', record('u1'), cache.mark())
  t.equal(cache.get('s1'), undefined, 'nothing is kept or served while disabled')
})

t.test('entries end after the TTL; the oldest go first when full', async (t) => {
  const cache = new LocalSessionCache(30, 2)
  cache.enable()
  for (const id of ['a', 'b', 'c']) cache.set(id, record(id), cache.mark())
  t.equal(cache.get('a'), undefined, 'evicted')
  t.equal(cache.get('c')?.userId, 'c')
  await new Promise((r) => setTimeout(r, 40))
  t.equal(cache.get('c'), undefined, 'expired')
  const off = new LocalSessionCache(0)
  off.enable()
  off.set('a', record('a'), off.mark())
  t.equal(off.get('a'), undefined, 'a TTL of 0 turns the cache off')
})
