import { createHash } from 'node:crypto'
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64')

t.test('the UI’s files: content-hashed, cached for a year; its pages revalidated', async (t) => {
  const { app } = await buildTestApp(t, { label: 'ui_assets' })
  const page = await app.inject({ method: 'GET', url: '/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.equal(page.headers['cache-control'], 'no-cache', 'the page is revalidated, so a deploy shows at the next load')
  const etag = page.headers.etag as string
  t.equal((await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': etag } })).statusCode, 304)

  const urls = [...page.body.matchAll(/(?:href|src)="(\/ui\/[^"]+)"/g)].map((m) => m[1] as string)
  t.ok(
    urls.some((u) => /^\/ui\/app\.[0-9a-f]{12}\.js$/.test(u)),
    `the script has a hashed name: ${urls.join(' ')}`,
  )
  t.ok(
    urls.some((u) => /^\/ui\/style\.[0-9a-f]{12}\.css$/.test(u)),
    'so has the stylesheet',
  )
  for (const url of urls) {
    const file = await app.inject({ method: 'GET', url })
    t.equal(file.statusCode, 200, url)
    t.match(file.headers['cache-control'], /max-age=31536000.*immutable/, `${url}: cached for a year`)
  }

  const map = /<script type="importmap">(.*?)<\/script>/s.exec(page.body)?.[1] ?? ''
  const { imports } = JSON.parse(map) as { imports: Record<string, string> }
  t.match(imports, {
    '/ui/api.js': /^\/ui\/api\.[0-9a-f]{12}\.js$/,
    dompurify: /^\/ui\/vendor\/purify\.[0-9a-f]{12}\.js$/,
    // The Markdown worker's classic scripts, listed so the page can tell it their hashed URLs.
    '/ui/markdown-worker.js': /^\/ui\/markdown-worker\.[0-9a-f]{12}\.js$/,
    '/ui/vendor/marked.js': /^\/ui\/vendor\/marked\.[0-9a-f]{12}\.js$/,
    '/ui/vendor/marked-footnote.js': /^\/ui\/vendor\/marked-footnote\.[0-9a-f]{12}\.js$/,
    '/ui/vendor/katex.js': /^\/ui\/vendor\/katex\.[0-9a-f]{12}\.js$/,
    '/ui/vendor/marked-katex-extension.js': /^\/ui\/vendor\/marked-katex-extension\.[0-9a-f]{12}\.js$/,
  })
  const preloaded = [...page.body.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1])
  t.ok(preloaded.includes(imports['/ui/app.js']), 'modules are preloaded')
  for (const script of ['/ui/markdown-worker.js', '/ui/vendor/marked.js', '/ui/vendor/katex.js'])
    t.notOk(preloaded.includes(imports[script]), `${script} is not: it is no module, and KaTeX only serves math`)
  const csp = page.headers['content-security-policy'] as string
  t.ok(csp.includes(`'sha256-${sha256(map)}'`), 'the CSP allows the import map by its hash, and no other inline script')
  t.match(
    csp,
    /require-trusted-types-for 'script'; ?trusted-types dompurify markdown-worker/,
    'only DOMPurify may make markup, and only the worker policy script URLs',
  )
  t.match(csp, /img-src 'self' data: blob:;/, 'no picture from another site on the page (finding 4)')
  t.notMatch(csp, /unsafe-inline|unsafe-eval/)

  const hashedPurify = imports.dompurify as string
  t.match((await app.inject({ method: 'GET', url: hashedPurify })).body, /sanitize/)
  const plain = await app.inject({ method: 'GET', url: '/ui/app.js' })
  t.equal(plain.statusCode, 200, 'the plain name still answers (an old page after a deploy)…')
  t.match(plain.headers['cache-control'], /max-age=0/, '…but is revalidated')
  t.equal(
    (await app.inject({ method: 'GET', url: '/ui/app.000000000000.js' })).statusCode,
    404,
    'a hash that is not the file’s is not served',
  )

  for (const url of [
    '/ui/../package.json',
    '/ui/%2e%2e/package.json',
    '/ui/vendor/../../package.json',
    '/ui/index.html',
    '/ui/preview.html',
    '/ui/vendor/other.js',
  ]) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 404, `${url}: not served`)
    t.match(res.headers['content-type'], /problem\+json/)
  }
})

t.test('the preview frame: a page with no script whose pictures are this origin’s until the reader asks', async (t) => {
  const { app } = await buildTestApp(t, { label: 'ui_preview' })
  const strict = await app.inject({ method: 'GET', url: '/preview' })
  t.equal(strict.statusCode, 200)
  t.match(strict.headers['content-type'], /^text\/html/)
  t.equal(strict.headers['cache-control'], 'no-cache')
  t.match(strict.body, /<link rel="stylesheet" href="\/ui\/preview\.[0-9a-f]{12}\.css"/, 'its stylesheet, hashed')
  t.notMatch(strict.body, /<script/, 'no script')
  const policy = (res: { headers: Record<string, unknown> }) =>
    Object.fromEntries(
      String(res.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    )
  t.match(policy(strict), {
    'default-src': "'none'",
    'script-src': "'none'",
    'img-src': "'self' data: blob:",
    'media-src': "'self'",
    'frame-ancestors': "'self'",
    sandbox: 'allow-same-origin allow-popups allow-popups-to-escape-sandbox',
  })
  const remote = await app.inject({ method: 'GET', url: '/preview/remote-pictures' })
  t.equal(remote.body, strict.body, 'the same page…')
  t.match(
    policy(remote),
    { 'img-src': "'self' data: blob: https:", 'media-src': "'self' https:", 'script-src': "'none'" },
    '…with pictures from https sites allowed, once the reader asked',
  )
  const etag = strict.headers.etag as string
  t.equal((await app.inject({ method: 'GET', url: '/preview', headers: { 'if-none-match': etag } })).statusCode, 304)
})

t.test('every page of the UI is the same document; other paths stay 404 problems', async (t) => {
  const { app } = await buildTestApp(t, { label: 'ui_pages' })
  const index = (await app.inject({ method: 'GET', url: '/' })).body
  for (const url of [
    '/proposals',
    '/proposals/0b7e3c52-1f0e-4a53-8f6d-3c2a1b0e9d87',
    '/conversions/6f1c2b1e-4d7a-4c3e-9a51-2b8f0c7d9e10',
    '/account',
    '/admin',
  ]) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 200, url)
    t.equal(res.body, index, `${url}: the UI draws it`)
  }
  const missing = await app.inject({ method: 'GET', url: '/nowhere' })
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /problem\+json/)
})

t.test('/docs renders the OpenAPI document, with each route’s problems and examples', async (t) => {
  const { app } = await buildTestApp(t, { label: 'ui_docs' })
  const page = await app.inject({ method: 'GET', url: '/docs' })
  t.equal(page.statusCode, 200, 'not a 404 any more')
  t.match(page.body, /swagger-ui/)
  t.match(page.headers['content-security-policy'], /script-src 'self';/, 'Swagger UI runs with no inline script')

  const spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json()
  const problemOf = (path: string, method: string, status: string) =>
    spec.paths[path]?.[method]?.responses?.[status]?.content?.['application/problem+json']
  t.ok(problemOf('/api/proposals/{id}', 'get', '404'), 'a resource by id can be 404')
  t.ok(problemOf('/api/proposals/', 'post', '429'), 'creating a proposal can be limited')
  t.ok(problemOf('/api/conversions/{id}/markdown', 'get', '429'), 'so can a long Markdown (ADR 105)')
  t.ok(problemOf('/api/proposals/', 'post', '403'), 'a state change can be refused as cross-site')
  t.ok(problemOf('/api/auth/login', 'post', '401'))
  t.ok(problemOf('/api/ops/migration_status', 'get', '403'))
  t.match(
    problemOf('/api/proposals/{id}', 'get', '404')?.example,
    { status: 404, detail: String, requestId: String },
    'with an example',
  )
  for (const [path, methods] of Object.entries(
    spec.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>,
  )) {
    if (!path.startsWith('/api/')) continue
    for (const [method, operation] of Object.entries(methods)) {
      t.ok(
        operation.responses['500'] && operation.responses['503'],
        `${method.toUpperCase()} ${path} documents its 5xx problems`,
      )
    }
  }
  const proposal = spec.paths['/api/proposals/{id}'].get.responses['200'].content['application/json']
  t.ok(proposal.example ?? proposal.schema?.example, 'a proposal has an example')
})
