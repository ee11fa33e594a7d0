/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { documents, dropFiles, openPage, scenario, screenshot, scrollsSideways, signUpVia } from '../helpers/browser.js'

scenario('at phone width (390 px) no page scrolls sideways, in light and dark', async (t, { stack, browser }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const { page, context, problems } = await openPage(browser, stack, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      colorScheme,
    })
    await page.goto('/')
    await dropFiles(page, '.dropzone', [documents.fixture('article.html'), documents.fixture('report.pdf')])
    await page.locator('.card-state', { hasText: 'Converted' }).nth(1).waitFor({ timeout: 60_000 })
    const first = await scrollsSideways(page)
    t.notOk(
      first.sideways,
      `${colorScheme}: the first page with results fits (${first.scrollWidth} ≤ ${first.clientWidth})`,
    )
    await screenshot(page, `phone-${colorScheme}-convert`)

    const { proposals } = await (await context.request.get('/api/proposals')).json()
    const proposal = proposals[0]
    const detail = await (await context.request.get(`/api/proposals/${proposal.id}`)).json()
    await signUpVia(context, `phone-${colorScheme}@example.com`)
    for (const path of [
      '/proposals',
      `/proposals/${proposal.id}`,
      `/conversions/${detail.conversions[0].id}`,
      '/account',
    ]) {
      await page.goto(path)
      await page.locator('h1.page-heading').waitFor()
      await page.waitForLoadState('networkidle')
      const width = await scrollsSideways(page)
      t.notOk(width.sideways, `${colorScheme}: ${path} fits (${width.scrollWidth} ≤ ${width.clientWidth})`)
      await screenshot(page, `phone-${colorScheme}${path.replace(/\/[0-9a-f-]{36}/, '-id').replaceAll('/', '-')}`)
    }
    t.same(problems(), [], `${colorScheme}: no script error, no CSP violation`)
  }
})

scenario('the whole flow works with the keyboard alone', async (t, { stack, browser }) => {
  const { page, problems } = await openPage(browser, stack, { viewport: { width: 1024, height: 800 } })
  const { keyboard } = page
  /** Tabs forward until `predicate` holds for the focused element (at most `limit` presses). */
  async function tabTo(description: string, predicate: string, limit = 40): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await keyboard.press('Tab')
      if (await page.evaluate(predicate)) return
    }
    throw new Error(`Tab never reached ${description}`)
  }
  const focused = (selector: string) => `document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`
  const focusedText = (text: string) =>
    `(document.activeElement?.textContent ?? '').trim().startsWith(${JSON.stringify(text)})`

  // Listening before the key is pressed: Playwright intercepts the picker only once it listens.
  const chooser = page.waitForEvent('filechooser')
  await page.goto('/')
  await tabTo('the drop area', focused('.dropzone'))
  t.ok(
    await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle !== 'none'),
    'focus is visible',
  )
  await keyboard.press('Enter')
  await (await chooser).setFiles([documents.fixture('article.html')])
  await page.locator('.card-state', { hasText: 'Converted' }).waitFor({ timeout: 60_000 })

  // The result's views: tabs with the arrow keys.
  await tabTo('the Rendered tab', focused('[role=tab][aria-selected=true]'))
  await keyboard.press('ArrowRight')
  t.equal(
    await page.evaluate(() => document.activeElement?.textContent),
    'Markdown',
    'arrow keys move between the views',
  )
  await page.locator('pre.raw').waitFor()

  // Rename the proposal from the first page.
  await page.evaluate(() => (document.activeElement as HTMLElement).blur())
  await page.locator('h1.page-heading').focus()
  await tabTo('Rename', focusedText('Rename'))
  await keyboard.press('Enter')
  t.ok(await page.evaluate(focused('input[name=title]')), 'the title field has the focus')
  await keyboard.press('ControlOrMeta+a')
  await keyboard.type('Typed, not clicked')
  await keyboard.press('Enter')
  await page.locator('.proposal-line a', { hasText: 'Typed, not clicked' }).waitFor()

  // To the proposals, through the header.
  await page.locator('h1.page-heading').focus()
  await keyboard.press('Shift+Tab')
  for (let i = 0; i < 10 && !(await page.evaluate(focusedText('Proposals'))); i++) await keyboard.press('Shift+Tab')
  await keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Proposals', level: 1 }).waitFor()
  t.ok(await page.evaluate(focused('h1.page-heading')), 'after a navigation the page’s heading has the focus')

  // Delete the proposal, confirming in the dialog with the keyboard.
  await tabTo('Delete', focusedText('Delete'))
  await keyboard.press('Enter')
  await page.getByRole('dialog').waitFor()
  t.ok(await page.evaluate(focusedText('Cancel')), 'the dialog opens with the safe choice focused')
  await keyboard.press('Escape')
  await page.getByRole('dialog').waitFor({ state: 'detached' })
  t.ok(await page.evaluate(focusedText('Delete')), 'Escape cancels and gives the focus back')
  await keyboard.press('Enter')
  await page.getByRole('dialog').waitFor()
  await keyboard.press('Tab')
  await keyboard.press('Enter')
  await page.getByText('No proposals yet').waitFor()

  // Sign up with the keyboard.
  await page.goto('/account')
  await tabTo(
    'the sign-up email',
    "document.activeElement?.closest('form')?.getAttribute('aria-labelledby') !== null && document.activeElement?.closest('form')?.textContent.includes('Create an account') && document.activeElement?.matches('input[type=email]')",
  )
  await keyboard.type('keys@example.com')
  await keyboard.press('Tab')
  await keyboard.type('correct horse battery staple')
  await keyboard.press('Enter')
  await page.getByRole('heading', { name: 'Proposals', level: 1 }).waitFor()
  await screenshot(page, 'keyboard-signed-up')
  t.same(problems(), [], 'no script error, no CSP violation')
})
