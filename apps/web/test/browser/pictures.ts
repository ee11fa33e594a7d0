/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { documents, dropFiles, openPage, scenario, screenshot } from '../helpers/browser.js'

const CONVERTED = { timeout: 60_000 }

scenario(
  'pictures of a document are shown from its assets, and the bundle carries them',
  async (t, { stack, browser }) => {
    const { page, problems } = await openPage(browser, stack)
    const dir = mkdtempSync(join(tmpdir(), 'picture-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const pixel = readFileSync(documents.fixture('pixel.png')).toString('base64')
    writeFileSync(
      join(dir, 'with-picture.html'),
      `<h1>A page with a picture</h1><p><img src="data:image/png;base64,${pixel}" alt="the pixel"></p>`,
    )
    await page.goto('/')

    /** Drops `path`, waits for its first picture to load; returns its `src`. */
    async function shownPicture(t: Test, path: string, name: string) {
      await dropFiles(page, '.dropzone', [path])
      const card = page.locator('.card', { has: page.getByRole('heading', { name, exact: true }) })
      await card.locator('.card-state', { hasText: 'Converted' }).waitFor(CONVERTED)
      const picture = card.frameLocator('iframe.preview-frame').locator('img').first()
      await picture.waitFor({ state: 'attached', timeout: 5000 })
      await picture.scrollIntoViewIfNeeded()
      await picture.evaluate((img: HTMLImageElement) => img.decode().catch(() => {}))
      t.ok(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth > 0), `${name}: the picture loaded`)
      return { card, src: await picture.getAttribute('src') }
    }

    await t.test('a picture inside an HTML page', async (t) => {
      const { card, src } = await shownPicture(t, join(dir, 'with-picture.html'), 'with-picture.html')
      t.match(
        src,
        /^\/api\/conversions\/[0-9a-f-]+\/assets\/image-1\.png$/,
        'the picture is one of the conversion’s assets',
      )
      const [bundle] = await Promise.all([
        page.waitForEvent('download'),
        card.getByRole('link', { name: /Download with pictures/ }).click(),
      ])
      t.equal(bundle.suggestedFilename(), 'with-picture.zip')
      t.equal(
        readFileSync(await bundle.path())
          .subarray(0, 2)
          .toString('latin1'),
        'PK',
        'the bundle is a zip',
      )
    })

    await t.test('a DOCX with a picture shows the picture (needs DOCX pictures, branch issue-docx)', async (t) => {
      const { src } = await shownPicture(
        t,
        documents.corpus('docx/content_control_with_picture.docx'),
        'content_control_with_picture.docx',
      )
      t.match(src, /^\/api\/conversions\/[0-9a-f-]+\/assets\//)
      await screenshot(page, 'convert-picture')
    })
    t.same(problems(), [], 'no script error, no CSP violation')
  },
)
