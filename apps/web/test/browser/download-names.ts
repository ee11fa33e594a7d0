/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { documents, dropFiles, openPage, scenario } from '../helpers/browser.js'

scenario('downloads keep a name in any script: 报告.html → 报告.md, 报告.zip', async (t, { stack, browser }) => {
  const { page, problems } = await openPage(browser, stack)
  const dir = mkdtempSync(join(tmpdir(), 'names-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const pixel = readFileSync(documents.fixture('pixel.png')).toString('base64')
  writeFileSync(join(dir, '报告.html'), `<h1>报告</h1><p><img src="data:image/png;base64,${pixel}" alt="一"></p>`)
  await page.goto('/')
  await dropFiles(page, '.dropzone', [join(dir, '报告.html')])
  const card = page.locator('.card', { has: page.getByRole('heading', { name: '报告.html', exact: true }) })
  await card.locator('.card-state', { hasText: 'Converted' }).waitFor({ timeout: 60_000 })

  const [markdown] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: 'Download .md' }).click(),
  ])
  t.equal(markdown.suggestedFilename(), '报告.md')
  const [bundle] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('link', { name: /Download with pictures/ }).click(),
  ])
  t.equal(bundle.suggestedFilename(), '报告.zip')

  // The server's own header, without the page's `download` attribute: what a link elsewhere gets.
  const href = await card.getByRole('link', { name: 'Download .md' }).getAttribute('href')
  const [direct] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate((url) => {
      const link = document.createElement('a')
      link.href = url as string
      document.body.append(link)
      link.click()
      link.remove()
    }, href),
  ])
  t.equal(direct.suggestedFilename(), '报告.md', 'Content-Disposition filename* alone names it')
  t.same(problems(), [], 'no script error, no CSP violation')
})
