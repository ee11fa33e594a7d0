// @fastify/session saves a session only when its data changed, telling by a fingerprint taken
// when the session is restored. The workspace patches how that fingerprint is made (stable JSON
// compared as it is, the cookie left out before stringifying; ADR 065): these are the cases the
// patch must keep — every change of the data saved, nothing saved when only reading.
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import Fastify, { type Session } from 'fastify'
import t from 'tap'

/** The plugin's store interface over a Map, counting writes. */
function countingStore() {
  const sessions = new Map<string, Session>()
  const store = {
    writes: 0,
    set(id: string, session: Session, done: (error?: unknown) => void) {
      store.writes++
      sessions.set(id, JSON.parse(JSON.stringify(session)) as Session)
      done()
    },
    get(id: string, done: (error: unknown, session?: Session | null) => void) {
      done(null, sessions.get(id) ?? null)
    },
    destroy(id: string, done: (error?: unknown) => void) {
      sessions.delete(id)
      done()
    },
  }
  return store
}

t.test('a session is saved when its data changes, at any depth, and only then', async (t) => {
  const store = countingStore()
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(fastifyCookie)
  await app.register(fastifySession, {
    secret: 'a-test-secret-that-is-long-enough-for-the-plugin',
    store,
    saveUninitialized: false,
    rolling: false,
    cookie: { secure: false, maxAge: 60_000 },
  })
  type Data = Record<string, unknown>
  app.post('/sign-in', async (request) => {
    ;(request.session as unknown as Data).user = { id: 'u1', role: 'user', tags: ['a'] }
    return {}
  })
  app.get('/read', async (request) => ({ user: (request.session as unknown as Data).user }))
  app.post('/promote', async (request) => {
    ;((request.session as unknown as Data).user as Data).role = 'admin'
    return {}
  })
  app.post('/tag', async (request) => {
    ;(((request.session as unknown as Data).user as Data).tags as string[]).push('b')
    return {}
  })
  app.post('/same', async (request) => {
    // Assigned again, equal in value: not a change.
    ;(request.session as unknown as Data).user = { id: 'u1', role: 'admin', tags: ['a', 'b'] }
    return {}
  })
  app.post('/cookie-only', async (request) => {
    request.session.cookie.maxAge = 30_000
    return {}
  })
  app.post('/remove', async (request) => {
    delete (request.session as unknown as Data).user
    return {}
  })

  const signIn = await app.inject({ method: 'POST', url: '/sign-in' })
  t.equal(store.writes, 1, 'a new session with data is saved')
  const cookie = String(signIn.headers['set-cookie']).split(';')[0] as string
  const call = (method: 'GET' | 'POST', url: string) => app.inject({ method, url, headers: { cookie } })

  t.same((await call('GET', '/read')).json(), { user: { id: 'u1', role: 'user', tags: ['a'] } })
  t.equal(store.writes, 1, 'reading saves nothing')
  await call('POST', '/promote')
  t.equal(store.writes, 2, 'a changed nested field is saved')
  await call('POST', '/tag')
  t.equal(store.writes, 3, 'a changed array is saved')
  await call('POST', '/same')
  t.equal(store.writes, 3, 'an equal value assigned again is not a change')
  await call('POST', '/cookie-only')
  t.equal(store.writes, 3, 'the cookie is not part of the data')
  t.same((await call('GET', '/read')).json(), { user: { id: 'u1', role: 'admin', tags: ['a', 'b'] } })
  await call('POST', '/remove')
  t.equal(store.writes, 4, 'a removed field is saved')
  t.same((await call('GET', '/read')).json(), {}, 'and stays removed')
})
