/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { browserAvailability, launchBrowser } from '../helpers/browser.js'
import { migratedDatabase, SECRET } from '../helpers/app.js'
import { startServer } from '../helpers/server.js'

/** An HTTPS host on another origin that counts what is fetched from it: the document's author. */
async function tracker(t: { teardown(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  )
  const hits: string[] = []
  const server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (req, res) => {
      hits.push(req.url ?? '')
      res.writeHead(200, { 'content-type': 'image/gif' }).end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'))
    },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    server.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, hits }
}

t.test(
  'a preview fetches no picture from another site until the reader asks (finding 10)',
  browserAvailability(),
  async (t) => {
    const db = await migratedDatabase(t, 'browser_remote')
    const web = await startServer(t, { DATABASE_URL: db.databaseUrl, SESSION_SECRET: SECRET, LOG_LEVEL: 'info' })
    const author = await tracker(t)
    const browser = await launchBrowser(t)
    const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: web.url })
    const page = await context.newPage()

    const proposal = await (
      await context.request.post('/api/proposals', { data: { title: 'A letter sent to you' } })
    ).json()
    const [conversion] = await db.sql<{ id: string }[]>`
    insert into conversions (proposal_id, status, source_name, source_mime, source_size, markdown, progress)
    values (${proposal.id}, 'succeeded', 'letter.html', 'text/html', 1, ${[
      '# A letter',
      `![tracking pixel](${author.origin}/markdown.gif?reader=you)`,
      `<img src="${author.origin}/html.gif" alt="in HTML"> <img srcset="${author.origin}/srcset.gif 2x" alt="srcset">`,
      `<svg width="1" height="1"><image href="${author.origin}/svg.gif" width="1" height="1"/></svg>`,
      `<p style="background-image: url(${author.origin}/style.gif)">styled</p>`,
      'The end.',
    ].join('\n\n')}, 100) returning id`

    await page.goto(`/proposals/${proposal.id}`)
    await page.getByRole('link', { name: 'letter.html' }).click()
    await page.getByRole('heading', { name: 'A letter', exact: true }).waitFor()
    t.equal(new URL(page.url()).pathname, `/conversions/${conversion?.id}`)
    await page.waitForLoadState('networkidle')
    t.same(author.hits, [], 'nothing was fetched from the author’s host')
    t.match(await page.locator('.remote-notice').innerText(), /4 pictures from other sites not loaded/)

    await page.getByRole('button', { name: 'Load them' }).click()
    await page.waitForLoadState('networkidle')
    for (let i = 0; i < 50 && author.hits.length < 4; i++) await page.waitForTimeout(100)
    t.ok(
      author.hits.some((hit) => hit.startsWith('/markdown.gif')),
      `after asking, the pictures load: ${author.hits.join(', ')}`,
    )
    t.notOk(author.hits.includes('/style.gif'), 'styles are never the document’s to set')
  },
)
