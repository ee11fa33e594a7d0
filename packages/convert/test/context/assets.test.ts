import { randomBytes } from 'node:crypto'
import t from 'tap'
import { AssetCollector, DEFAULT_MAX_ASSET_BYTES } from '../../src/context/assets.js'
import { defaultLimits } from '../../src/context/limits.js'

t.test('one conversion keeps at most 16 MiB of pictures by default, not 50', async (t) => {
  t.equal(DEFAULT_MAX_ASSET_BYTES, 16 * 1024 * 1024)
  t.equal(defaultLimits.assetMaxBytes, DEFAULT_MAX_ASSET_BYTES, "the engine's default limits say the same")
  const collector = new AssetCollector()
  const kept = Array.from({ length: 20 }, () => collector.add(randomBytes(1024 * 1024), 'image/png'))
  t.equal(kept.filter(Boolean).length, 16, 'sixteen distinct 1 MiB pictures, then none')
  t.ok(collector.add(kept[0]!.bytes, 'image/png'), 'a picture already kept is still found: it costs nothing more')
})

t.test(
  'identical pictures are one asset, named in order of first appearance, linked under the prefix asked for',
  async (t) => {
    const collector = new AssetCollector({ urlPrefix: 'report.assets/' })
    const logo = collector.add(Buffer.from('logo'), 'image/png')
    const photo = collector.add(Buffer.from('photo'), 'image/jpeg; charset=binary')
    t.equal(collector.add(Buffer.from('logo'), 'image/png'), logo)
    t.same(
      collector.assets.map((asset) => asset.name),
      ['image-1.png', 'image-2.jpg'],
    )
    t.equal(collector.url(photo!.name), 'report.assets/image-2.jpg')
  },
)
