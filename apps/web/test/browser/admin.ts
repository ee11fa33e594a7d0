/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { openPage, scenario, screenshot, signUpVia } from '../helpers/browser.js'

const PASSWORD = 'correct horse battery staple'

scenario('the admin page and the API reference', async (t, { stack, browser }) => {
  await t.test('an admin sees the migration checks, session stats and queue counts', async (t) => {
    const { page, context, problems } = await openPage(browser, stack)
    await signUpVia(context, 'boss@example.com', PASSWORD)
    await stack.db.sql`update users set role = 'admin' where email = 'boss@example.com'`
    await context.request.post('/api/auth/logout')
    t.equal(
      (
        await context.request.post('/api/auth/login', { data: { email: 'boss@example.com', password: PASSWORD } })
      ).status(),
      200,
    )

    await page.goto('/')
    await page.getByRole('link', { name: 'Admin' }).click()
    const migrations = page.getByRole('region', { name: 'Migrations' })
    const checks = migrations.getByRole('table', { name: 'Checks' })
    await checks.waitFor()
    const rows = await checks.locator('tbody tr').count()
    t.ok(rows > 0, `the predeploy’s checks are listed (${rows})`)
    t.equal(await checks.locator('tbody tr[data-ok="false"]').count(), 0, 'and all pass on a migrated database')
    t.match(await migrations.textContent(), /Migrated\s*yes/)
    await page.getByRole('region', { name: 'Sessions' }).getByText('Active').waitFor()
    const queues = page.getByRole('region', { name: 'Queues' })
    await queues.getByRole('table').waitFor()
    t.match(await queues.getByRole('table').textContent(), /conversions/)
    t.equal(await queues.getByRole('link', { name: 'Open the queue dashboard' }).getAttribute('href'), '/admin/queues')
    await screenshot(page, 'admin')
    t.same(problems(), [], 'no script error, no CSP violation')
  })

  await t.test('someone else is told the page is for admins, and gets no data', async (t) => {
    const { page, context } = await openPage(browser, stack)
    await signUpVia(context, 'staff@example.com', PASSWORD)
    await page.goto('/admin')
    await page.getByText('This page is for admins').waitFor()
    t.notOk(await page.getByRole('link', { name: 'Admin' }).isVisible(), 'no Admin link in the header')
    t.equal((await context.request.get('/api/ops/migration_status')).status(), 403)
  })

  await t.test('/docs renders the API reference under the CSP', async (t) => {
    const { page, problems } = await openPage(browser, stack)
    const response = await page.goto('/docs')
    t.equal(response?.status(), 200)
    t.match(response?.headers()['content-security-policy'], /script-src 'self'[;]/, 'no inline script allowed')
    await page.getByText('/api/proposals/{id}/conversions').first().waitFor()
    await page.locator('.opblock-summary', { hasText: '/api/proposals/{id}' }).first().click()
    await page.getByText('application/problem+json').first().waitFor()
    await screenshot(page, 'docs')
    t.same(problems(), [], 'Swagger UI runs without a CSP violation')
  })
})
