import t from 'tap'
import { convert } from '../../../src/convert.js'
import { detect } from '../../../src/detect.js'
import { notKeptCounts } from '../../helpers.js'

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Pond News</title>
  <link>https://example.org/</link>
  <description>What the ducks did this week.</description>
  <item>
    <title>Reeds planted on the north bank</title>
    <link>https://example.org/news/reeds</link>
    <pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate>
    <description>Short version.</description>
    <content:encoded><![CDATA[<h1>Reeds</h1><p>The committee planted <b>two hundred</b> reeds.</p><ul><li>North bank</li><li>Island</li></ul>]]></content:encoded>
  </item>
  <item>
    <title>Mallard count: 12</title>
    <link>https://example.org/news/count</link>
    <description>&lt;p&gt;Twelve mallards and &lt;a href="/coots"&gt;three coots&lt;/a&gt;.&lt;/p&gt;</description>
  </item>
</channel>
</rss>`

/** RFC 4287's example of an Atom feed, with content in each of its three forms. */
const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <subtitle>A subtitle.</subtitle>
  <link href="http://example.org/"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <author><name>John Doe</name></author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <summary>Some text.</summary>
  </entry>
  <entry>
    <title>Second</title>
    <link rel="alternate" href="http://example.org/2003/12/14/second"/>
    <updated>2003-12-14T10:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>An <em>XHTML</em> entry.</p></div></content>
  </entry>
</feed>`

t.test(
  'RSS: the feed title, then each item a section with its title, date, link and content through the HTML reader',
  async (t) => {
    t.match(await detect(Buffer.from(rss)), { ok: true, format: 'feed', mime: 'application/rss+xml' })
    t.match(await detect(Buffer.from(rss), 'news.xml'), { ok: true, format: 'feed' }, 'a feed named .xml is a feed')
    const { markdown } = await convert(Buffer.from(rss))
    t.match(
      markdown,
      /^# Pond News\n\nWhat the ducks did this week\.\n\n## \[Reeds planted on the north bank\]\(https:\/\/example\.org\/news\/reeds\)\n\n\*Tue, 01 Dec 2026 09:00:00 GMT\*\n/,
    )
    t.match(
      markdown,
      /### Reeds\n\nThe committee planted \*\*two hundred\*\* reeds\.\n\n- North bank\n- Island/,
      'content:encoded preferred, its headings under the item',
    )
    t.match(markdown, /## \[Mallard count: 12\][^\n]*\n[\s\S]*Twelve mallards and \[three coots\]\(\/coots\)\./)
  },
)

t.test('Atom: entries with their links, dates and content (text, xhtml)', async (t) => {
  t.match(await detect(Buffer.from(atom)), { ok: true, format: 'feed' })
  const { markdown } = await convert(Buffer.from(atom))
  t.match(
    markdown,
    /^# Example Feed\n\nA subtitle\.\n\n## \[Atom-Powered Robots Run Amok\]\(http:\/\/example\.org\/2003\/12\/13\/atom03\)\n\n\*2003-12-13T18:30:02Z\*/,
  )
  t.match(markdown, /Some text\./)
  t.match(markdown, /## \[Second\][\s\S]*An \*XHTML\* entry\./)
})

t.test('JSON: pretty-printed in a fenced block, bounded, the rest counted; GeoJSON as a table', async (t) => {
  t.match(await detect(Buffer.from('{"a":1}')), { ok: true, format: 'json', mime: 'application/json' })
  t.match(await detect(Buffer.from('{"a":'), 'x.json'), { ok: false, reason: /named \.json/ })
  const { markdown } = await convert(Buffer.from('{"name":"pond","ducks":[{"kind":"mallard","count":12}],"open":true}'))
  t.equal(
    markdown,
    '```json\n{\n  "name": "pond",\n  "ducks": [\n    {\n      "kind": "mallard",\n      "count": 12\n    }\n  ],\n  "open": true\n}\n```\n',
  )
  const big = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ id: i, label: `item ${i}` })))
  const bounded = await convert(Buffer.from(big), { limits: { structuredMaxChars: 10_000 } })
  t.ok(bounded.markdown.length < 11_000)
  t.match(bounded.markdown, /\n…\n```\n$/)
  t.ok((notKeptCounts(bounded.report)['structured-data-truncated'] ?? 0) > 190_000)
  const geo = await convert(
    Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [4.9, 52.37] },
            properties: { name: 'Amsterdam', ducks: 40 },
          },
          {
            type: 'Feature',
            geometry: { type: 'Polygon', coordinates: [] },
            properties: { name: 'Vondelpark', area: 47 },
          },
        ],
      }),
    ),
    { name: 'places.geojson' },
  )
  t.match(
    geo.markdown,
    /^\| geometry \| coordinates \| name \| ducks \| area \|\n\| --- \| --- \| --- \| --- \| --- \|\n\| Point \| 4\.9, 52\.37 \| Amsterdam \| 40 \| {2}\|\n\| Polygon \| {2}\| Vondelpark \| {2}\| 47 \|/,
    'the table alone: no title the file does not give',
  )
  const named = await convert(
    Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        name: 'Ponds',
        features: [{ type: 'Feature', geometry: null, properties: { name: 'Mill pond' } }],
      }),
    ),
    { name: 'ponds.geojson' },
  )
  t.match(
    named.markdown,
    /^# Ponds\n\n\| geometry \| coordinates \| name \|\n[^\n]*\n\| {2}\| {2}\| Mill pond \|\n$/,
    'a collection headed by its own name',
  )
})

t.test('other XML: pretty-printed in a fenced block; deep or huge XML refused or cut', async (t) => {
  const xml =
    '<?xml version="1.0"?><catalog xmlns="urn:x"><book id="b1"><title>Ducks &amp; Geese</title><price>12.50</price></book><empty/></catalog>'
  t.match(await detect(Buffer.from(xml)), { ok: true, format: 'xml', mime: 'application/xml' })
  const { markdown } = await convert(Buffer.from(xml))
  t.equal(
    markdown,
    '```xml\n<catalog xmlns="urn:x">\n  <book id="b1">\n    <title>Ducks &amp; Geese</title>\n    <price>12.50</price>\n  </book>\n  <empty/>\n</catalog>\n```\n',
  )
  await t.rejects(convert(Buffer.from(`<?xml version="1.0"?>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`)), {
    name: 'ConversionInputError',
  })
  const wide = `<?xml version="1.0"?><rows>${'<row>some value</row>'.repeat(100_000)}</rows>`
  const cut = await convert(Buffer.from(wide), { limits: { structuredMaxChars: 5000 } })
  t.ok(cut.markdown.length < 6000)
  t.ok((notKeptCounts(cut.report)['structured-data-truncated'] ?? 0) > 0)
  t.match(await detect(Buffer.from('<html><body>x</body></html>')), { ok: true, format: 'html' }, 'HTML is not XML')
})
