/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { documents, dropFiles, openPage, scenario, screenshot, signUpVia } from '../helpers/browser.js'

const PASSWORD = 'correct horse battery staple'

scenario('accounts in the browser', async (t, { stack, browser }) => {
  await t.test('a visitor converts, signs up, and keeps the conversions; signs out and in again', async (t) => {
    const { page, problems } = await openPage(browser, stack)
    await page.goto('/')
    await dropFiles(page, '.dropzone', [documents.fixture('notes.md')])
    await page.locator('.card-state', { hasText: 'Converted' }).waitFor({ timeout: 60_000 })

    await page.getByRole('link', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor()
    await screenshot(page, 'account-signed-out')
    const signup = page.getByRole('form', { name: 'Create an account' })
    await signup.getByLabel('Email').fill('keeper@example.com')
    await signup.getByLabel('Password').fill(PASSWORD)
    await signup.getByRole('button', { name: 'Create account' }).click()

    await page.getByRole('heading', { name: 'Proposals', level: 1 }).waitFor()
    await page.getByRole('link', { name: 'notes' }).click()
    await page.getByRole('link', { name: 'notes.md' }).first().click()
    const preview = page.frameLocator('iframe.preview-frame')
    await preview.locator('h1, h2').first().waitFor()
    t.ok(await preview.locator('body').textContent(), 'the visitor’s conversion is readable from the account')

    await page.getByRole('link', { name: 'Account' }).click()
    await page.locator('main').getByText('Signed in as keeper@example.com').waitFor()
    await screenshot(page, 'account-signed-in')
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.getByRole('link', { name: 'Sign in' }).waitFor()
    await page.goto('/proposals')
    await page.getByText('No proposals yet').waitFor()
    t.pass('signed out, the proposals are not this visitor’s')

    await page.getByRole('link', { name: 'Sign in' }).click()
    const login = page.getByRole('form', { name: 'Sign in' })
    await login.getByLabel('Email').fill('keeper@example.com')
    await login.getByLabel('Password').fill('not the password')
    await login.getByRole('button', { name: 'Sign in' }).click()
    t.match(
      await login.getByRole('alert').textContent(),
      /^The email or the password is wrong\.$/,
      'a failed sign-in reads as a sentence',
    )
    await login.getByLabel('Password').fill(PASSWORD)
    await login.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('link', { name: 'notes' }).waitFor()
    t.pass('signed in again, the proposal is back')
    t.same(problems(), [], 'no script error, no CSP violation')
  })

  await t.test('revoking another session signs that browser out', async (t) => {
    const laptop = await openPage(browser, stack)
    await signUpVia(laptop.context, 'two-places@example.com', PASSWORD)
    const phone = await openPage(browser, stack, {
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    })
    const login = await phone.context.request.post('/api/auth/login', {
      data: { email: 'two-places@example.com', password: PASSWORD },
    })
    t.equal(login.status(), 200)
    await phone.page.goto('/account')
    await phone.page.locator('main').getByText('Signed in as two-places@example.com').waitFor()

    await laptop.page.goto('/account')
    const sessions = laptop.page.getByRole('list', { name: 'Sessions' }).getByRole('listitem')
    await sessions.nth(1).waitFor()
    t.equal(await sessions.count(), 2, 'both browsers are listed')
    const other = sessions.filter({ hasNot: laptop.page.getByText('This browser') })
    t.match(await other.textContent(), /iPhone|iOS|Safari/, 'with the device')
    t.match(await other.textContent(), /From 127\.0\.0\.1/, 'its address')
    t.match(await other.textContent(), /last seen/, 'and when it was last seen')
    await screenshot(laptop.page, 'account-sessions')
    await other.getByRole('button', { name: /Revoke/ }).click()
    await other.waitFor({ state: 'detached' })

    // The phone finds out at its next request: coming back to the tab, or any click.
    await phone.page.getByRole('link', { name: 'Proposals' }).click()
    await phone.page.getByRole('link', { name: 'Sign in' }).waitFor()
    t.match(await phone.page.locator('#notice').textContent(), /You were signed out/, 'and is told why')
    await screenshot(phone.page, 'account-revoked')

    // Sign out everywhere else.
    const third = await openPage(browser, stack)
    await third.context.request.post('/api/auth/login', {
      data: { email: 'two-places@example.com', password: PASSWORD },
    })
    await laptop.page.reload()
    await laptop.page.getByRole('button', { name: 'Sign out everywhere else' }).click()
    await laptop.page.getByText('1 other session signed out').waitFor()
    t.equal((await third.context.request.get('/api/auth/me')).status(), 401, 'the other browser is signed out')
    t.equal((await laptop.context.request.get('/api/auth/me')).status(), 200, 'this one is not')
    t.same([...laptop.problems(), ...phone.problems()], [], 'no script error, no CSP violation')
  })
})
