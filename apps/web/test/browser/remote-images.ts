/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpServer, type RequestListener } from 'node:http'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { openPage, scenario, type Stack } from '../helpers/browser.js'

/**
 * Another site, over HTTPS and plain HTTP on other ports, that records what is fetched from it:
 * the document's author. It answers pictures with a pixel and `.svg` files with paint servers,
 * so that every kind of reference has something to load.
 */
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
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg"><pattern id="p" width="1" height="1"><rect width="1" height="1"/></pattern>' +
    '<mask id="m"><rect width="9" height="9" fill="white"/></mask><clipPath id="c"><rect width="9" height="9"/></clipPath>' +
    '<marker id="k"><rect width="1" height="1"/></marker></svg>'
  const record: RequestListener = (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? ''
    hits.push(path)
    if (path.endsWith('.svg')) res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(svg)
    else res.writeHead(200, { 'content-type': 'image/gif' }).end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'))
  }
  const secure = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    record,
  )
  const plain = createHttpServer(record)
  for (const server of [secure, plain]) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    secure.close()
    plain.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const port = (secure.address() as AddressInfo).port
  const plainPort = (plain.address() as AddressInfo).port
  return { origin: `https://127.0.0.1:${port}`, port, plainPort, hits }
}

const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='

/**
 * A letter whose author wants to know when and where it is read: every way found in review
 * (issue 17, finding 4) for a document to make the reader's browser fetch from the author's
 * host. Each reference names what it is, so a hit says which one got through.
 */
function letter({ origin: site, port, plainPort }: { origin: string; port: number; plainPort: number }, room: string) {
  // Under a path of its own (`room`): a request of an earlier page arriving late is not this one's.
  const origin = `${site}/${room}`
  const tab = `ht&#9;tps://127.0.0.1:${port}/${room}` // a tab inside the scheme: the URL parser drops it
  return [
    '# A letter',
    `![tracking pixel](${origin}/markdown.gif?reader=you)`,
    `<img src="${origin}/img.gif" alt="in HTML">`,
    `<img src="//127.0.0.1:${plainPort}/${room}/protocol-relative.gif" alt="no scheme">`,
    `<img src="HTTP://127.0.0.1:${plainPort}/${room}/plain-http.gif" alt="plain http">`,
    // Only the second candidate is remote: a browser at device pixel ratio 2 picks it.
    `<img srcset="/favicon.ico 1x, ${origin}/srcset-2x.gif 2x" alt="srcset">`,
    `<picture><source srcset="${origin}/picture-source.gif"><img src="${PIXEL}" alt="picture"></picture>`,
    `<picture><source srcset="/favicon.ico 1x, ${origin}/picture-2x.gif 2x"><img src="${PIXEL}" alt="picture 2x"></picture>`,
    `<video poster="${tab}/poster-tab.gif" width="2" height="2"></video>`,
    `<video src="${origin}/video.mp4" preload="auto" width="2" height="2"></video>`,
    `<audio src="${origin}/audio.mp3" preload="auto"></audio>`,
    `<table background="${tab}/table-background.gif"><tr><td background="${origin}/td-background.gif">cell</td></tr></table>`,
    `<svg width="40" height="10"><image href="${tab}/svg-image.gif" width="5" height="5"/><image xlink:href="${origin}/svg-xlink.gif" x="5" width="5" height="5"/><filter id="fi"><feImage href="${origin}/fe-image.gif"/></filter><rect x="10" width="5" height="5" filter="url(#fi)"/></svg>`,
    `<svg width="40" height="10"><rect width="5" height="5" fill="url(${origin}/fill.svg#p)"/><rect x="5" width="5" height="5" stroke="url('${origin}/stroke.svg#p')"/><rect x="10" width="5" height="5" mask="url(${origin}/mask.svg#m)"/><rect x="15" width="5" height="5" clip-path="url(${origin}/clip.svg#c)"/><path d="M20 0 L30 10" marker-start="url(${origin}/marker.svg#k)"/></svg>`,
    `<input type="image" src="${origin}/input.gif" alt="an input">`,
    `<p style="background-image: url(${origin}/style.gif)">styled</p>`,
    'The end.',
  ].join('\n\n')
}

/** Elements above that hold a remote reference the preview keeps for later (the input and the style go for good). */
const HELD = 20
/** What loads once the reader asks, at any pixel ratio: pictures over https. */
const LOADED_AFTER_ASKING = ['/markdown.gif', '/img.gif', '/picture-source.gif', '/poster-tab.gif', '/svg-image.gif']

/** A conversion of `markdown` in a proposal of the visitor `context` is. */
async function received(stack: Stack, context: BrowserContext, markdown: string): Promise<string> {
  const proposal = await (
    await context.request.post('/api/proposals', { data: { title: 'A letter sent to you' } })
  ).json()
  const [conversion] = await stack.db.sql<{ id: string }[]>`
    insert into conversions (proposal_id, status, source_name, source_mime, source_size, markdown, progress)
    values (${proposal.id}, 'succeeded', 'letter.html', 'text/html', 1, ${markdown}, 100) returning id`
  return conversion?.id ?? ''
}

scenario(
  'a preview fetches nothing from another site until the reader asks (issue 17, finding 4)',
  async (t, { stack, browser }) => {
    const author = await tracker(t)

    for (const deviceScaleFactor of [1, 2]) {
      await t.test(`at device pixel ratio ${deviceScaleFactor}`, async (t) => {
        const room = `ratio-${deviceScaleFactor}`
        /** What this page's document fetched from the author's host. */
        const hits = () =>
          author.hits.filter((hit) => hit.startsWith(`/${room}/`)).map((hit) => hit.slice(room.length + 1))
        const { context, page, problems } = await openPage(browser, stack, {
          ignoreHTTPSErrors: true,
          deviceScaleFactor,
        })
        await page.goto(`/conversions/${await received(stack, context, letter(author, room))}`)
        const preview = page.frameLocator('iframe.preview-frame')
        await preview.getByRole('heading', { name: 'A letter' }).waitFor()
        await page.waitForLoadState('networkidle')
        await page.waitForTimeout(500)
        t.same(hits(), [], 'nothing was fetched from the author’s host')
        t.match(
          await page.locator('.remote-notice').innerText(),
          new RegExp(`${HELD} pictures from other sites not loaded`),
          'the page says what it held back',
        )
        t.equal(await preview.locator('input').count(), 0, 'an input that is not a task’s box is not kept')
        t.equal(await preview.locator('[style]').count(), 0, 'styles are never the document’s to set')

        // The guarantee is the frame's policy, not the filter: markup that got past it still fetches nothing.
        await page.evaluate(
          ({ origin }) => {
            const frame = document.querySelector('iframe.preview-frame') as HTMLIFrameElement
            const doc = frame.contentDocument as Document
            const img = doc.createElement('img')
            img.src = `${origin}/past-the-filter.gif`
            doc.body.append(img)
            const own = document.createElement('img')
            own.src = `${origin}/on-the-page.gif`
            document.body.append(own)
          },
          { origin: `${author.origin}/${room}` },
        )
        await page.waitForTimeout(500)
        t.same(hits(), [], 'neither the frame’s policy nor the page’s lets a remote picture load')
        t.ok(
          problems().some((p) => p.includes('on-the-page.gif')),
          'the page’s policy refused it (img-src without https:)',
        )

        await page.getByRole('button', { name: 'Load them' }).click()
        const expected = deviceScaleFactor === 2 ? [...LOADED_AFTER_ASKING, '/srcset-2x.gif'] : LOADED_AFTER_ASKING
        for (let i = 0; i < 100 && !expected.every((path) => hits().includes(path)); i++) await page.waitForTimeout(100)
        t.same(
          expected.filter((path) => !hits().includes(path)),
          [],
          `after asking, the pictures load: ${[...new Set(hits())].sort().join(' ')}`,
        )
        t.notOk(hits().includes('/style.gif'), 'styles still never')
        t.notOk(hits().includes('/input.gif'), 'nor the input')
        t.ok(await page.locator('.remote-notice').isHidden(), 'the notice is gone')
        await page.close()
      })
    }
  },
)
