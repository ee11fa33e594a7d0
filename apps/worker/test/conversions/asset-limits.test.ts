import { randomBytes } from 'node:crypto'
import t from 'tap'
import { AssetCollector, DEFAULT_MAX_ASSET_BYTES } from '../../src/conversions/asset-collector.js'
import { conversionAssets } from '@draftsmith/db/schema'
import { eq } from 'drizzle-orm'
import { mimes, runWorker, settled, setup, upload } from '../helpers/worker.js'

t.test('one conversion keeps at most 16 MiB of pictures by default, not 50', async (t) => {
  t.equal(DEFAULT_MAX_ASSET_BYTES, 16 * 1024 * 1024)
  const collector = new AssetCollector()
  const kept = Array.from({ length: 20 }, () => collector.add(randomBytes(1024 * 1024), 'image/png'))
  t.equal(kept.filter(Boolean).length, 16, 'sixteen distinct 1 MiB pictures, then none')
  t.ok(collector.add(kept[0]!.bytes, 'image/png'), 'a picture already kept is still found: it costs nothing more')
})

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
