import t from 'tap'
import { InvalidCursorError } from '@draftsmith/db/pagination'
import {
  claimVisitorProposals,
  createProposal,
  deleteProposal,
  findProposal,
  listProposals,
  renameProposal,
} from '@draftsmith/db/proposals'
import { storeUploads } from '@draftsmith/db/conversions'
import { insertUser } from '@draftsmith/db/users'
import { migratedDatabase } from '@draftsmith/test-support'

const db = await migratedDatabase(t, 'db_proposals')
const visitor = { kind: 'visitor', visitorId: '00000000-0000-4000-8000-00000000000a' } as const

t.test('an owner’s proposals page by cursor, newest first, each with its count', async (t) => {
  const created = []
  for (let i = 0; i < 5; i++) created.push(await createProposal(db.db, visitor, `P${i}`))
  await storeUploads(db.db, created[4]!.id, [
    { name: 'a.txt', mime: 'text/plain', bytes: Buffer.from('a') },
    { name: 'b.txt', mime: 'text/plain', bytes: Buffer.from('b') },
  ])
  const first = await listProposals(db.db, visitor, { limit: 2 })
  t.same(
    first.items.map((p) => p.title),
    ['P4', 'P3'],
  )
  t.equal(first.items[0]?.conversionCount, 2)
  t.type(first.next, 'string')
  const second = await listProposals(db.db, visitor, { limit: 2, cursor: first.next! })
  t.same(
    second.items.map((p) => p.title),
    ['P2', 'P1'],
  )
  // Created meanwhile: newer than the cursor, so it does not shift the pages being read.
  await createProposal(db.db, visitor, 'P5')
  const third = await listProposals(db.db, visitor, { limit: 2, cursor: second.next! })
  t.same(
    third.items.map((p) => p.title),
    ['P0'],
  )
  t.equal(third.next, null, 'the last page says so')
  t.same(await listProposals(db.db, { kind: 'nobody' }), { items: [], next: null })
})

t.test('a cursor the API did not hand out is refused, not guessed at', async (t) => {
  for (const cursor of [
    'nonsense',
    Buffer.from('2026-01-01|not-a-uuid').toString('base64url'),
    Buffer.from("x'; drop table proposals;--|00000000-0000-4000-8000-000000000000").toString('base64url'),
  ]) {
    await t.rejects(listProposals(db.db, visitor, { cursor }), InvalidCursorError, cursor)
  }
})

t.test('rename, delete and claim touch only the owner’s proposals', async (t) => {
  const mine = await createProposal(db.db, visitor, 'Mine')
  const stranger = { kind: 'visitor', visitorId: '00000000-0000-4000-8000-00000000000b' } as const
  t.equal(await renameProposal(db.db, stranger, mine.id, 'Taken'), undefined)
  t.equal(await deleteProposal(db.db, stranger, mine.id), false)
  t.match(await renameProposal(db.db, visitor, mine.id, 'Renamed'), { title: 'Renamed' })
  const user = await insertUser(db.db, { email: 'claim@example.com', passwordHash: 'x', role: 'user' })
  t.ok((await claimVisitorProposals(db.db, visitor.visitorId, user!.id)) >= 1)
  t.equal(await findProposal(db.db, visitor, mine.id), undefined, 'claimed: no longer the anonymous visitor’s')
  t.match(await findProposal(db.db, { kind: 'user', userId: user!.id }, mine.id), { title: 'Renamed' })
  t.equal(await deleteProposal(db.db, { kind: 'user', userId: user!.id }, mine.id), true)
})
