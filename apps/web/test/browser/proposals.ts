/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { readFileSync } from 'node:fs'
import { documents, openPage, scenario, screenshot, signUpVia } from '../helpers/browser.js'

scenario('proposals in the browser', async (t, { stack, browser }) => {
  const { page, context, problems } = await openPage(browser, stack, { viewport: { width: 1024, height: 800 } })
  const user = await signUpVia(context, 'lists@example.com')

  await t.test('the list is paginated: more loads as the person scrolls, or asks', async (t) => {
    await stack.db.sql`
      insert into proposals (owner_user_id, title, created_at, updated_at)
      select ${user.id}, 'Proposal ' || lpad(n::text, 3, '0'), now() - n * interval '1 minute', now() - n * interval '1 minute'
      from generate_series(1, 60) as n`
    t.teardown(() => stack.db.sql`delete from proposals where owner_user_id = ${user.id}`.then(() => {}))
    await page.goto('/proposals')
    const items = page.getByRole('list', { name: 'Your proposals' }).getByRole('listitem')
    await items.first().waitFor()
    t.equal(await items.count(), 25, 'a first page, not everything')
    t.equal(await items.first().getByRole('heading').textContent(), 'Proposal 001', 'newest first')
    const more = page.getByRole('button', { name: 'Load more' })
    await more.scrollIntoViewIfNeeded()
    await items.nth(49).waitFor()
    t.equal(await items.count(), 50, 'scrolling to the end loads the next page')
    // Pressed without scrolling (scrolling to it would load by itself).
    await more.evaluate((button: HTMLButtonElement) => button.click())
    await items.nth(59).waitFor()
    t.equal(await items.count(), 60, 'the button loads the next page')
    t.notOk(await page.getByRole('button', { name: 'Load more' }).isVisible(), 'nothing more to load')
    t.equal(new Set(await items.getByRole('heading').allTextContents()).size, 60, 'no proposal twice')
  })

  await t.test('rename and delete (with a confirmation)', async (t) => {
    await context.request.post('/api/proposals', { data: { title: 'Draft' } })
    await page.goto('/proposals')
    const item = page.getByRole('listitem').filter({ hasText: 'Draft' })
    await item.getByRole('button', { name: 'Rename' }).click()
    await page.getByLabel('New title for “Draft”').fill('Final')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('link', { name: 'Final' }).waitFor()
    const final = page.getByRole('listitem').filter({ hasText: 'Final' })

    await final.getByRole('button', { name: 'Delete' }).click()
    const dialog = page.getByRole('dialog', { name: 'Delete “Final”?' })
    await dialog.waitFor()
    await screenshot(page, 'proposals-delete')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    t.ok(await final.isVisible(), 'cancelled: still there')
    await final.getByRole('button', { name: 'Delete' }).click()
    await dialog.getByRole('button', { name: 'Delete proposal' }).click()
    await page.getByText('No proposals yet').waitFor()
    const { proposals } = await (await context.request.get('/api/proposals')).json()
    t.same(proposals, [], 'deleted in the API too')
  })

  await t.test('a proposal’s documents with their status; a failed one is retried', async (t) => {
    const proposal = await (await context.request.post('/api/proposals', { data: { title: 'With a failure' } })).json()
    await stack.db.sql`
      insert into conversions (proposal_id, status, source_name, source_mime, source_size, source_bytes, error, progress, attempts, finished_at)
      values (${proposal.id}, 'failed', 'article.html', 'text/html', 1, ${readFileSync(documents.fixture('article.html'))}, 'the worker was restarted during the conversion', 100, 3, now())`
    await page.goto(`/proposals/${proposal.id}`)
    const row = page.getByRole('listitem').filter({ hasText: 'article.html' })
    t.match(
      await row.getByRole('alert').textContent(),
      /The worker was restarted during the conversion\./,
      'why it failed, as a sentence',
    )
    await screenshot(page, 'proposal-failed')
    await row.getByRole('button', { name: 'Try again' }).click()
    await row.getByText('Converted').waitFor({ timeout: 60_000 })
    await row.getByRole('link', { name: 'Read' }).click()
    await page.frameLocator('iframe.preview-frame').getByRole('heading', { name: 'Release notes' }).waitFor()
    await screenshot(page, 'conversion')
  })

  await t.test('the report says what OCR read, in sentences', async (t) => {
    const proposal = await (await context.request.post('/api/proposals', { data: { title: 'Scans' } })).json()
    const report = {
      found: { pages: 4, paragraphs: 6 },
      notKept: [{ code: 'ocr-page-too-large', count: 1, message: '1 page over the OCR pixel bound kept as a picture' }],
      ocr: { pages: 3, meanConfidence: 90.6, picturesOnly: 1, languages: ['eng', 'fra'] },
      engine: '@draftsmith/convert 0.1.0',
    }
    const [row] = await stack.db.sql`
      insert into conversions (proposal_id, status, source_name, source_mime, source_size, source_bytes, markdown, report, progress, attempts, started_at, finished_at)
      values (${proposal.id}, 'succeeded', 'scan.pdf', 'application/pdf', 1, ${Buffer.from('%PDF')}, '# Letter\n\nDear reader.\n', ${JSON.stringify(report)}::jsonb, 100, 1, now(), now())
      returning id`
    await page.goto(`/conversions/${row?.id}`)
    await page.frameLocator('iframe.preview-frame').getByRole('heading', { name: 'Letter' }).waitFor()
    await page.getByRole('tab', { name: 'Report' }).click()
    const panel = page.getByRole('tabpanel')
    t.equal(
      await panel.locator('.ocr').textContent(),
      'Read by OCR (English and French): 3 pages, mean confidence 91 %; 1 page kept as a picture.',
    )
    t.match(await panel.locator('.not-kept').textContent(), /over the OCR pixel bound/, 'and why, under Not kept')
    t.equal(await panel.locator('.engine').textContent(), 'Converted by @draftsmith/convert 0.1.0.')
    await screenshot(page, 'conversion-ocr-report')
  })
  t.same(problems(), [], 'no script error, no CSP violation')
})
