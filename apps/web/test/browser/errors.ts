/// <reference lib="dom" />
import { documents, dropFiles, openPage, scenario, screenshot } from '../helpers/browser.js'

scenario('errors read as sentences: the API’s detail, offline, a proxy’s error page', async (t, { stack, browser }) => {
  const { page, context, problems } = await openPage(browser, stack)
  await page.goto('/')
  const card = (name: string) => page.locator('.card', { has: page.getByRole('heading', { name, exact: true }) })

  await t.test('a refused upload shows the problem’s detail', async (t) => {
    await dropFiles(page, '.dropzone', [documents.fixture('pixel.gif')])
    const refused = card('pixel.gif')
    await refused.getByRole('alert').waitFor()
    t.match(
      await refused.getByRole('alert').textContent(),
      /^Pixel\.gif is a GIF file \(image\/gif\); supported: DOCX, PDF, HTML, Markdown, plain text(, [^,]+)*\.$/,
    )
    t.match(await refused.locator('.card-state').textContent(), /Not uploaded/)
  })

  await t.test('offline: what to do, not a network error', async (t) => {
    await context.setOffline(true)
    await dropFiles(page, '.dropzone', [documents.fixture('notes.md')])
    const offline = card('notes.md')
    await offline.getByRole('alert').waitFor()
    t.match(await offline.getByRole('alert').textContent(), /^You are offline\. Reconnect, then try again/)
    t.match(await page.locator('#notice').textContent(), /offline/)
    await screenshot(page, 'errors-offline')
    await context.setOffline(false)
  })

  await t.test('an HTML error page from a proxy (503) reads as what to do', async (t) => {
    // Render's proxy answers with its own HTML page while no instance is healthy: a stand-in.
    await page.route('**/api/proposals/*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'text/html',
        headers: { 'retry-after': '30' },
        body: '<!doctype html><title>Service Unavailable</title><h1>503</h1>',
      }),
    )
    await page.goto('/proposals/0b7e3c52-1f0e-4a53-8f6d-3c2a1b0e9d87')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    t.match(
      await alert.textContent(),
      /^The service is not answering right now \(it may be restarting or overloaded\)\. Wait a minute, then try again\.$/,
    )
    t.notMatch(
      await page.locator('main').textContent(),
      /JSON|Unexpected token|<!doctype/i,
      'no parse error, no HTML shown',
    )
    await page.unroute('**/api/proposals/*')
  })

  await t.test('a missing proposal says so', async (t) => {
    await page.goto('/proposals/0b7e3c52-1f0e-4a53-8f6d-3c2a1b0e9d87')
    await page.getByRole('heading', { name: 'Not found' }).waitFor()
    t.match(await page.getByRole('alert').textContent(), /^This proposal was not found\.$/)
  })
  t.same(problems(), [], 'no script error, no CSP violation')
})
