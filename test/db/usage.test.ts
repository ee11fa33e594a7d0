import t from 'tap'
import { removeOldUploads, startConversion, storeUploads, succeedConversion } from '@draftsmith/db/conversions'
import { createProposal } from '@draftsmith/db/proposals'
import { addressUsage, instanceStoredBytes, ownerUsage, usageOf } from '@draftsmith/db/usage'
import { migratedDatabase } from '@draftsmith/test-support'

const db = await migratedDatabase(t, 'db_usage')
const visitor = { kind: 'visitor', visitorId: '00000000-0000-4000-8000-0000000000a1' } as const
const other = { kind: 'visitor', visitorId: '00000000-0000-4000-8000-0000000000a2' } as const
const address = '2001:db8:0:7::/64'

/** A finished conversion: `source` bytes uploaded, `markdown` written, pictures of `assets` bytes each. */
async function converted(owner: typeof visitor, source: number, markdown: string, assets: number[]) {
  const proposal = await createProposal(db.db, owner, 'usage')
  const [row] = await storeUploads(
    db.db,
    proposal.id,
    [{ name: 'a.pdf', mime: 'application/pdf', bytes: Buffer.alloc(source) }],
    {
      uploaderAddress: address,
    },
  )
  await startConversion(db.db, row!.id)
  await succeedConversion(db.db, row!.id, {
    markdown,
    stats: { words: 1, headings: 0, tables: 0 },
    report: { found: {}, notKept: [] },
    assets: assets.map((size, i) => ({
      name: `image-${i + 1}.png`,
      contentType: 'image/png',
      sha256: String(i).repeat(64).slice(0, 64),
      bytes: new Uint8Array(size),
    })),
  })
  return row!.id
}

t.test('what is stored counts whole: the upload, the Markdown and the pictures', async (t) => {
  t.same(await ownerUsage(db.db, visitor), {
    activeConversions: 0,
    storedBytes: 0,
    oldestKeptUploadAt: null,
    oldestAnonymousAt: null,
  })
  // The case: a small upload whose picture is a hundred times its size.
  const id = await converted(visitor, 351_521, '# Ä picture\n', [48_018_718])
  const markdownBytes = Buffer.byteLength('# Ä picture\n')
  const usage = await ownerUsage(db.db, visitor)
  t.equal(usage.storedBytes, 351_521 + markdownBytes + 48_018_718, 'bytes, not characters, of the Markdown')
  t.ok(usage.oldestKeptUploadAt instanceof Date, 'its upload is kept, for retention to remove')
  t.ok(usage.oldestAnonymousAt instanceof Date, 'a visitor’s: retention removes it whole')
  t.same(await addressUsage(db.db, address), usage, 'the same, counted from the address it came from')
  t.equal((await ownerUsage(db.db, other)).storedBytes, 0, 'another visitor holds nothing')
  t.equal((await ownerUsage(db.db, { kind: 'nobody' })).storedBytes, 0)

  await db.sql`update conversions set created_at = now() - interval '40 days' where id = ${id}`
  await removeOldUploads(db.db, 30)
  const after = await ownerUsage(db.db, visitor)
  t.equal(after.storedBytes, markdownBytes + 48_018_718, 'the removed upload no longer counts; its results do')
  t.equal(after.oldestKeptUploadAt, null)
})

t.test('queued and converting conversions are counted per owner and per address', async (t) => {
  const proposal = await createProposal(db.db, other, 'queued')
  await storeUploads(
    db.db,
    proposal.id,
    [1, 2, 3].map((i) => ({ name: `${i}.txt`, mime: 'text/plain', bytes: Buffer.from(String(i)) })),
    { uploaderAddress: '203.0.113.50' },
  )
  const usage = await usageOf(db.db, other, '203.0.113.50')
  t.equal(usage.owner.activeConversions, 3)
  t.equal(usage.address.activeConversions, 3)
  t.equal(usage.address.storedBytes, 3, 'their uploads are stored')
  t.equal((await addressUsage(db.db, '203.0.113.51')).activeConversions, 0, 'another address holds nothing')
  t.equal(
    await instanceStoredBytes(db.db),
    (await ownerUsage(db.db, visitor)).storedBytes + (await ownerUsage(db.db, other)).storedBytes,
    'the whole instance: what every owner stores, counted the same way',
  )
})
