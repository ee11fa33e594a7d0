/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { documents, dropFiles, openPage, scenario, screenshot } from '../helpers/browser.js'

const CONVERTED = { timeout: 60_000 }

scenario(
  'the first page converts: a visitor drops documents and reads their Markdown',
  async (t, { stack, browser }) => {
    const { page, context, problems } = await openPage(browser, stack, { viewport: { width: 1280, height: 900 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    // Layout shifts not caused by the person (a drop is not "recent input" to Chromium's metric).
    await page.addInitScript(() => {
      const w = window as unknown as { shifts: number }
      w.shifts = 0
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>)
          if (!entry.hadRecentInput) w.shifts += entry.value
      }).observe({ type: 'layout-shift', buffered: true } as unknown as PerformanceObserverInit)
    })

    await page.goto('/')
    await page.getByRole('button', { name: /Drop files here/ }).waitFor()
    await screenshot(page, 'convert-empty')
    // Asked for every file of this drop: the DOCX has metadata, the HTML page none.
    await page.getByLabel("Add the document's metadata as YAML front matter").check()
    const shiftsBefore = await page.evaluate(() => (window as unknown as { shifts: number }).shifts)
    await dropFiles(page, '.dropzone', [
      documents.fixture('article.html'),
      documents.fixture('proposal.docx'),
      documents.fixture('truncated.docx'),
    ])

    const card = (name: string) => page.locator('.card', { has: page.getByRole('heading', { name, exact: true }) })
    await card('article.html').locator('.card-state', { hasText: 'Converted' }).waitFor(CONVERTED)
    await card('proposal.docx').locator('.card-state', { hasText: 'Converted' }).waitFor(CONVERTED)
    await card('truncated.docx').locator('.card-state', { hasText: 'Failed' }).waitFor(CONVERTED)

    await t.test('each document reads as Markdown, rendered', async (t) => {
      const preview = (name: string) => card(name).frameLocator('iframe.preview-frame')
      await preview('article.html').getByRole('heading', { name: 'Release notes' }).waitFor()
      t.match(await preview('article.html').locator('body').textContent(), /Version 2\.0 brings faster exports/)
      await preview('proposal.docx').getByRole('heading', { name: 'Quarterly Proposal' }).waitFor()
      t.match(
        await page.locator('.proposal-line').textContent(),
        /Saved in the proposal article/,
        'a proposal was made for the visitor, named after the first file',
      )
      await screenshot(page, 'convert-results')
    })

    await t.test('a corrupt file shows its message, not a stack trace', async (t) => {
      const failed = card('truncated.docx')
      t.match(await failed.getByRole('alert').textContent(), /damaged or incomplete/)
      t.ok(await failed.getByRole('button', { name: 'Try again' }).isVisible(), 'with a way to try again')
    })

    await t.test('nothing on the page moved as the results arrived', async (t) => {
      const shifts = await page.evaluate(() => (window as unknown as { shifts: number }).shifts)
      t.ok(
        shifts - shiftsBefore < 0.01,
        `cumulative layout shift after the drop: ${(shifts - shiftsBefore).toFixed(4)}`,
      )
    })

    await t.test('the raw Markdown, copy to the clipboard and download .md', async (t) => {
      const html = card('article.html')
      const { proposals } = (await (await context.request.get('/api/proposals')).json()) as {
        proposals: Array<{ id: string }>
      }
      const proposal = await (await context.request.get(`/api/proposals/${proposals[0]?.id}`)).json()
      const article = proposal.conversions.find((c: { sourceName: string }) => c.sourceName === 'article.html')
      const text = await (await context.request.get(article.markdownUrl)).text()

      await html.getByRole('tab', { name: 'Markdown' }).click()
      t.match(await html.locator('pre.raw').textContent(), /^# Release notes/)
      await html.getByRole('button', { name: 'Copy Markdown' }).click()
      t.equal(
        await page.evaluate(() => navigator.clipboard.readText()),
        text,
        'the clipboard holds the Markdown as the API serves it',
      )

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        html.getByRole('link', { name: 'Download .md' }).click(),
      ])
      t.equal(download.suggestedFilename(), 'article.md')
      t.equal(readFileSync(await download.path()).toString('utf8'), text)
      await html.getByRole('tab', { name: 'Report' }).click()
      const report = html.getByRole('tabpanel')
      await report.getByRole('heading', { name: 'Found in the document' }).waitFor()
      t.match(await report.textContent(), /Headings\s*\d+/, 'the report counts what the document held')
      t.match(await report.textContent(), /Not kept/, 'and says what was not kept')
      await screenshot(page, 'convert-report')
    })

    await t.test(
      'metadata asked for comes first as YAML: shown as a block, in the Markdown and the report',
      async (t) => {
        const docx = card('proposal.docx')
        const yaml = docx.frameLocator('iframe.preview-frame').locator('pre code.language-yaml')
        t.match(
          await yaml.textContent(),
          /^authors:\n {2}- "Un-named"\ncreated: /,
          'a YAML block, not a rule and a heading',
        )
        t.equal(
          await docx.frameLocator('iframe.preview-frame').getByRole('heading').first().textContent(),
          'Quarterly Proposal',
          'the document’s first heading is still its first heading',
        )
        await docx.getByRole('tab', { name: 'Markdown' }).click()
        t.match(
          await docx.locator('pre.raw').textContent(),
          /^---\nauthors:\n {2}- "Un-named"\n[^]*?---\n\n# Quarterly Proposal\n/,
        )
        await docx.getByRole('tab', { name: 'Report' }).click()
        const report = docx.getByRole('tabpanel')
        await report.getByRole('heading', { name: 'About the document' }).waitFor()
        t.match(await report.locator('dl.about').textContent(), /Authors\s*Un-named/)
        t.match(await report.locator('.engine').textContent(), /^Converted by @draftsmith\/convert \d/)
        t.equal(await report.locator('.ocr').count(), 0, 'no OCR line for a document OCR did not read')
        t.ok(
          await page.getByLabel("Add the document's metadata as YAML front matter").isChecked(),
          'the box stays as the person left it',
        )
      },
    )

    await t.test('the proposal can be renamed from the first page', async (t) => {
      await page.getByRole('button', { name: 'Rename' }).click()
      await page.getByLabel('Proposal title').fill('My article')
      await page.getByRole('button', { name: 'Save' }).click()
      await page.locator('.proposal-line a', { hasText: 'My article' }).waitFor()
      const { proposals } = await (await context.request.get('/api/proposals')).json()
      t.same(
        proposals.map((p: { title: string }) => p.title),
        ['My article'],
      )
    })

    t.same(problems(), [], 'no script error, no CSP violation')
  },
)

scenario('a document with <script> and onerror= renders inert', async (t, { stack, browser }) => {
  const { page, problems } = await openPage(browser, stack)
  const dir = mkdtempSync(join(tmpdir(), 'inert-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const attacks = [
    '<script>window.ran = "script"</script>',
    '<img src="x" onerror="window.ran = \'onerror\'" alt="broken">',
    '<a href="javascript:window.ran=\'link\'">a javascript link</a>',
    '<svg onload="window.ran=\'svg\'"><circle r="1"/></svg>',
    '<iframe srcdoc="<script>parent.ran=\'iframe\'</script>"></iframe>',
    '<div onclick="window.ran=\'click\'">click me</div>',
    '<object data="data:text/html,<script>parent.ran=1</script>"></object>',
    '<form action="https://evil.example/"><button>send</button></form>',
  ]
  writeFileSync(join(dir, 'hostile.md'), ['# Hostile Markdown', ...attacks, 'The end.'].join('\n\n'))
  writeFileSync(
    join(dir, 'hostile.html'),
    `<html><body><h1>Hostile page</h1>${attacks.join('\n')}<p>The end.</p></body></html>`,
  )

  await page.goto('/')
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: /Drop files here/ }).click()
  await (await chooser).setFiles([join(dir, 'hostile.md'), join(dir, 'hostile.html')])

  const previews = [0, 1].map((i) => page.frameLocator('iframe.preview-frame').nth(i))
  for (const heading of ['Hostile Markdown', 'Hostile page'])
    await page
      .frameLocator(`.card:has(h2:text-is("${heading === 'Hostile page' ? 'hostile.html' : 'hostile.md'}")) iframe`)
      .getByRole('heading', { name: heading })
      .waitFor(CONVERTED)
  for (const preview of previews)
    for (const text of ['a javascript link', 'click me'])
      for (const target of await preview.getByText(text).all()) await target.click()
  await page.waitForTimeout(300)
  t.same(
    await Promise.all(page.frames().map((frame) => frame.evaluate(() => (window as unknown as { ran?: string }).ran))),
    page.frames().map(() => undefined),
    'no code of the document ran, in the page or in a preview',
  )
  for (const preview of previews)
    t.equal(
      await preview
        .locator(':is(script, iframe, object, embed, form, [onerror], [onload], [onclick], [href^="javascript:"])')
        .count(),
      0,
      'nothing that could run is left in the preview',
    )
  t.equal(page.url(), `${stack.web.url}/`, 'the javascript: link went nowhere')
  await screenshot(page, 'convert-inert')
  // Chromium reports the handlers DOMPurify parses in its inert document (never run there) as
  // script-src-attr violations: the CSP would have refused them too. Anything else is a problem.
  const parsedBySanitizer = /^CSP: script-src-attr blocked inline \(.*\/ui\/vendor\/purify\.[0-9a-f]+\.js:/
  t.same(
    problems().filter((p) => !parsedBySanitizer.test(p)),
    [],
    'no script error, no other CSP violation',
  )
})
