import { randomBytes } from 'node:crypto'
import t from 'tap'
import { conversionAssets } from '@draftsmith/db/schema'
import { eq } from 'drizzle-orm'
import { mimes, runWorker, settled, setup, upload } from '../helpers/worker.js'

t.test('CONVERSION_MAX_ASSET_BYTES reaches the conversion processes', async (t) => {
  const s = await setup(t, 'asset_limits', undefined)
  await runWorker(t, s, { CONVERSION_MAX_ASSET_BYTES: '2500' })
  const picture = () => `<img alt="" src="data:image/png;base64,${randomBytes(1000).toString('base64')}">`
  const page = `<h1>Three pictures</h1><p>${picture()} ${picture()} ${picture()}</p>`
  const row = await settled(s, await upload(s, 'pictures.html', mimes.html, Buffer.from(page)))
  t.equal(row.status, 'succeeded', row.error ?? '')
  const assets = await s.db.db.select().from(conversionAssets).where(eq(conversionAssets.conversionId, row.id))
  t.equal(assets.length, 2, 'two 1000-byte pictures fit in 2500 bytes, the third does not')
  t.match(row.report?.notKept, [{ code: 'image-over-limit', count: 1 }], 'the one left out is in the report')
})

t.test(
  'a result that would pass STORAGE_TOTAL_BYTES is not written: the conversion fails, its upload kept',
  async (t) => {
    const s = await setup(t, 'asset_limits_full', undefined)
    const page = Buffer.from(`<h1>Full</h1><p>${'words '.repeat(200)}</p>`)
    // Room for the upload and a little more, not for its 1.2 KB of Markdown.
    await runWorker(t, s, { STORAGE_TOTAL_BYTES: String(page.length + 100) })
    const row = await settled(s, await upload(s, 'full.html', mimes.html, page))
    t.equal(row.status, 'failed')
    t.match(row.error, /this instance is full.*retry once/)
    t.equal(row.markdown, null, 'nothing of the result was stored')
    t.ok(row.sourceBytes, 'the upload is kept, to be retried')
  },
)
