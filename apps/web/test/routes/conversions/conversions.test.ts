import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { unzipSync, strFromU8 } from 'fflate'
import { baseEnv } from '@draftsmith/test-support'
import { Browser, buildTestApp } from '../../helpers/app.js'
import { fixture, multipart } from '../../helpers/multipart.js'

// The worker as deployed: its own process, sharing only the database (and here the Postgres queue).
const workerMain = fileURLToPath(new URL('../../../../worker/dist/main.js', import.meta.url))

// A real 1×1 PNG, inlined in the page as a data: URL: the HTML conversion keeps it as an asset.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const page = `<!doctype html><html><head><title>Pictures</title><script>alert(1)</script></head><body>
<h1>A page with a picture</h1><p>Before <img src="data:image/png;base64,${png.toString('base64')}" alt="one pixel" onerror="alert(2)"> after.</p>
<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table></body></html>`

const { app, config, db } = await buildTestApp(t, { label: 'conversion_results' })
const worker = spawn(process.execPath, [workerMain], {
  env: baseEnv({ DATABASE_URL: db.databaseUrl, QUEUE_PREFIX: config.queuePrefix, LOG_LEVEL: 'warn' }),
  stdio: ['ignore', 'ignore', 'inherit'],
})
const exited = new Promise((resolve) => worker.once('exit', resolve))
t.teardown(async () => {
  worker.kill('SIGTERM')
  await exited
})

const owner = new Browser(app)
const stranger = new Browser(app)
await stranger.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Someone else' } })
const proposal = (await owner.request({ method: 'POST', url: '/api/proposals', payload: { title: 'Results' } })).json()
  .id as string

async function settle(id: string) {
  const deadline = Date.now() + 60_000
  let body = (await owner.request({ method: 'GET', url: `/api/conversions/${id}` })).json()
  while ((body.status === 'queued' || body.status === 'processing') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    body = (await owner.request({ method: 'GET', url: `/api/conversions/${id}` })).json()
  }
  return body
}

const accepted = await owner.request({
  method: 'POST',
  url: `/api/proposals/${proposal}/conversions`,
  ...multipart([
    { filename: 'pictures.html', content: page },
    { filename: 'truncated.docx', content: fixture('truncated.docx') },
  ]),
})
const [htmlId, brokenId] = accepted.json().conversions.map((c: { id: string }) => c.id) as [string, string]

t.test('a conversion reports what it found and lists its assets', async (t) => {
  const body = await settle(htmlId)
  t.equal(body.status, 'succeeded', body.error ?? '')
  t.match(body.report, { found: { headings: 1, tables: 1, images: 1 }, notKept: Array })
  t.same(body.assets, [
    {
      name: 'image-1.png',
      contentType: 'image/png',
      size: png.length,
      url: `/api/conversions/${htmlId}/assets/image-1.png`,
    },
  ])
  const markdown = (await owner.request({ method: 'GET', url: body.markdownUrl })).body
  t.match(markdown, '![one pixel](assets/image-1.png)', 'the Markdown points at the asset by a relative URL')
  t.notMatch(markdown, /alert|onerror|<script/, 'nothing of the script survives')
})

t.test('an asset is served with its type, nosniff and an inert policy, to its owner only', async (t) => {
  const asset = await owner.request({ method: 'GET', url: `/api/conversions/${htmlId}/assets/image-1.png` })
  t.equal(asset.statusCode, 200)
  t.equal(asset.headers['content-type'], 'image/png')
  t.equal(asset.headers['x-content-type-options'], 'nosniff')
  t.match(asset.headers['content-security-policy'], /default-src 'none'/)
  t.same(asset.rawPayload, png, 'the bytes the document held')
  const theirs = await stranger.request({ method: 'GET', url: `/api/conversions/${htmlId}/assets/image-1.png` })
  t.equal(theirs.statusCode, 404, 'someone else: it does not exist')
  t.match(theirs.headers['content-type'], /^application\/problem\+json/)
  t.equal(
    (await owner.request({ method: 'GET', url: `/api/conversions/${htmlId}/assets/image-9.png` })).statusCode,
    404,
  )
  const traversal = await owner.request({ method: 'GET', url: `/api/conversions/${htmlId}/assets/..%2F..%2Fmarkdown` })
  t.equal(traversal.statusCode, 400, 'only names the worker gives can be asked for')
  t.match(traversal.json().detail, /name/)
})

t.test('an asset a browser cannot show (EMF) is served as a download, not inline', async (t) => {
  // What the DOCX converter keeps for an EMF picture: the file, under its own type.
  await db.sql`
    insert into conversion_assets (conversion_id, name, content_type, size, sha256, bytes)
    values (${htmlId}, 'image-2.emf', 'image/x-emf', 4, ${'0'.repeat(64)}, ${Buffer.from([1, 0, 0, 0])})`
  const emf = await owner.request({ method: 'GET', url: `/api/conversions/${htmlId}/assets/image-2.emf` })
  t.equal(emf.statusCode, 200)
  t.equal(emf.headers['content-type'], 'image/x-emf')
  t.equal(emf.headers['content-disposition'], 'attachment; filename=image-2.emf')
  const png = await owner.request({ method: 'GET', url: `/api/conversions/${htmlId}/assets/image-1.png` })
  t.equal(png.headers['content-disposition'], undefined, 'a PNG is shown inline')
  await db.sql`delete from conversion_assets where conversion_id = ${htmlId} and name = 'image-2.emf'`
})

t.test('the bundle holds the Markdown and its assets, with links that work offline', async (t) => {
  const bundle = await owner.request({ method: 'GET', url: `/api/conversions/${htmlId}/bundle` })
  t.equal(bundle.statusCode, 200)
  t.equal(bundle.headers['content-type'], 'application/zip')
  t.equal(bundle.headers['content-disposition'], 'attachment; filename=pictures.zip')
  const files = unzipSync(bundle.rawPayload)
  t.same(Object.keys(files).sort(), ['assets/image-1.png', 'pictures.md'])
  t.match(strFromU8(files['pictures.md']!), '(assets/image-1.png)')
  t.same(Buffer.from(files['assets/image-1.png']!), png)
  t.equal((await stranger.request({ method: 'GET', url: `/api/conversions/${htmlId}/bundle` })).statusCode, 404)
  const notYet = await owner.request({ method: 'GET', url: `/api/conversions/${brokenId}/bundle` })
  t.equal((await settle(brokenId)).status, 'failed')
  t.equal(
    (await owner.request({ method: 'GET', url: `/api/conversions/${brokenId}/bundle` })).statusCode,
    409,
    notYet.body,
  )
})

t.test('a failed conversion can be retried by its owner; nothing else can be', async (t) => {
  const failed = await settle(brokenId)
  t.equal(failed.status, 'failed')
  t.equal((await stranger.request({ method: 'POST', url: `/api/conversions/${brokenId}/retry` })).statusCode, 404)
  const succeeded = await owner.request({ method: 'POST', url: `/api/conversions/${htmlId}/retry` })
  t.equal(succeeded.statusCode, 409)
  t.match(succeeded.json().detail, /only a failed conversion can be retried/)
  const retried = await owner.request({ method: 'POST', url: `/api/conversions/${brokenId}/retry` })
  t.equal(retried.statusCode, 202, retried.body)
  t.match(retried.json(), { status: 'queued', error: null })
  const again = await settle(brokenId)
  t.match(
    again,
    { status: 'failed', attempts: 1, error: /damaged or incomplete/ },
    'the job ran again (the old one did not block it) and failed for the same reason',
  )
  // Retention removed the upload: nothing to convert again, and the answer says so.
  await db.sql`update conversions set source_bytes = null where id = ${brokenId}`
  const gone = await owner.request({ method: 'POST', url: `/api/conversions/${brokenId}/retry` })
  t.equal(gone.statusCode, 410)
  t.match(gone.json().detail, /removed by the retention policy; upload it again/)
})

t.test('lists page by cursor; a bad cursor or limit is a 400 that says so', async (t) => {
  for (let i = 0; i < 4; i++)
    await owner.request({ method: 'POST', url: '/api/proposals', payload: { title: `More ${i}` } })
  const first = (await owner.request({ method: 'GET', url: '/api/proposals?limit=3' })).json()
  t.same(
    first.proposals.map((p: { title: string }) => p.title),
    ['More 3', 'More 2', 'More 1'],
  )
  const rest = (await owner.request({ method: 'GET', url: `/api/proposals?limit=3&cursor=${first.next}` })).json()
  t.same(
    rest.proposals.map((p: { title: string }) => p.title),
    ['More 0', 'Results'],
  )
  t.equal(rest.next, null)
  const conversions = (
    await owner.request({ method: 'GET', url: `/api/proposals/${proposal}/conversions?limit=1` })
  ).json()
  t.equal(conversions.conversions.length, 1)
  t.type(conversions.next, 'string')
  const detail = (await owner.request({ method: 'GET', url: `/api/proposals/${proposal}` })).json()
  t.equal(detail.conversions.length, 2)
  t.equal(detail.conversionsNext, null)
  const bad = await owner.request({ method: 'GET', url: '/api/proposals?cursor=not-one-of-ours' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { detail: /cursor/ })
  t.equal((await owner.request({ method: 'GET', url: '/api/proposals?limit=0' })).statusCode, 400)
  t.equal((await owner.request({ method: 'GET', url: '/api/proposals?limit=201' })).statusCode, 400)
  t.equal((await stranger.request({ method: 'GET', url: `/api/proposals/${proposal}/conversions` })).statusCode, 404)
})

t.test('a PDF uploaded with ?pageMarkers=true marks its pages; an option that is not one is a 400', async (t) => {
  const marked = await owner.request({
    method: 'POST',
    url: `/api/proposals/${proposal}/conversions?pageMarkers=true`,
    ...multipart([{ filename: 'report.pdf', content: fixture('report.pdf') }]),
  })
  t.equal(marked.statusCode, 202, marked.body)
  const id = marked.json().conversions[0].id as string
  t.match(marked.json().conversions[0], { options: { pageMarkers: true } })
  const done = await settle(id)
  t.equal(done.status, 'succeeded', done.error ?? '')
  const markdown = (await owner.request({ method: 'GET', url: done.markdownUrl })).body
  t.match(markdown, /^<!-- page 1 -->$/m, 'page 1 is marked where it starts')
  t.match(markdown, /^<!-- page 2 -->$/m)
  const bad = await owner.request({
    method: 'POST',
    url: `/api/proposals/${proposal}/conversions?pageMarkers=perhaps`,
    ...multipart([{ filename: 'report.pdf', content: fixture('report.pdf') }]),
  })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().detail, /pageMarkers/)
})

t.test(
  'a DOCX uploaded with ?frontMatter=true starts with its metadata as YAML; the option is documented',
  async (t) => {
    const asked = await owner.request({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions?frontMatter=true`,
      ...multipart([{ filename: 'proposal.docx', content: fixture('proposal.docx') }]),
    })
    t.equal(asked.statusCode, 202, asked.body)
    t.match(asked.json().conversions[0], { options: { frontMatter: true } })
    const done = await settle(asked.json().conversions[0].id as string)
    t.equal(done.status, 'succeeded', done.error ?? '')
    t.match(done.report, { metadata: { authors: ['Un-named'] } }, 'the report has the metadata either way')
    const markdown = (await owner.request({ method: 'GET', url: done.markdownUrl })).body
    t.match(markdown, /^---\nauthors:\n {2}- "Un-named"\ncreated: "[^"]+"\n(?:.*\n)*?---\n\n# Quarterly Proposal\n/)
    const bad = await owner.request({
      method: 'POST',
      url: `/api/proposals/${proposal}/conversions?frontMatter=yes-please`,
      ...multipart([{ filename: 'proposal.docx', content: fixture('proposal.docx') }]),
    })
    t.equal(bad.statusCode, 400)
    t.match(bad.json().detail, /frontMatter/)
    const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
    const parameters = spec.paths['/api/proposals/{id}/conversions'].post.parameters as Array<{ name: string }>
    t.match(
      parameters.find((p) => p.name === 'frontMatter'),
      { in: 'query', schema: { type: 'boolean' }, description: /YAML front matter/ },
      'the OpenAPI document describes the option',
    )
  },
)
