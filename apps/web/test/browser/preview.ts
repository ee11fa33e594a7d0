/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { request, type ClientRequest } from 'node:http'
import type { BrowserContext } from 'playwright-core'
import { openPage, scenario, screenshot, type Stack } from '../helpers/browser.js'

/** A succeeded conversion of `markdown`, in a proposal of the visitor `context` is; its page's path. */
async function converted(stack: Stack, context: BrowserContext, name: string, markdown: string): Promise<string> {
  const proposal = await (await context.request.post('/api/proposals', { data: { title: name } })).json()
  const [conversion] = await stack.db.sql<{ id: string }[]>`
    insert into conversions (proposal_id, status, source_name, source_mime, source_size, markdown, progress)
    values (${proposal.id}, 'succeeded', ${name}, 'text/markdown', ${markdown.length}, ${markdown}, 100) returning id`
  return `/conversions/${conversion?.id}`
}

const filler = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1} of the body, to push the notes below the fold.`)

/** What the converter writes (html-writer.ts): notes as `[^1]`, equations as `$…$` and `$$…$$`, tasks as `- [x]`. */
const paper = [
  '# On the preview',
  'Energy is $E = mc^2$, as everyone says.[^1]',
  '$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$',
  '- [x] footnotes rendered',
  '- [ ] math typeset',
  // Raw HTML in an uploaded .md: inputs that are no task's box, and a box that would be a control.
  '<input type="text" name="q" value="type here"> <input type="checkbox" name="agree" onclick="alert(1)">',
  ...filler,
  '[^1]: A note at the end, with a way back.',
].join('\n\n')

scenario(
  'the preview shows footnotes, math as MathML and task lists as disabled checkboxes',
  async (t, { stack, browser }) => {
    const { context, page, problems } = await openPage(browser, stack, { viewport: { width: 1024, height: 700 } })
    await page.goto(await converted(stack, context, 'paper.md', paper))
    const preview = page.frameLocator('iframe.preview-frame')
    await preview.getByRole('heading', { name: 'On the preview' }).waitFor()

    await t.test('math is MathML, inline and displayed, with no TeX left showing', async (t) => {
      t.equal(await preview.locator('math').count(), 2)
      t.equal(await preview.locator('math[display=block]').count(), 1, 'the $$ equation is displayed')
      t.equal(await preview.locator('math msup').count(), 1, 'E = mc² has its superscript')
      t.equal(await preview.locator('math mfrac').count(), 1, 'and the integral its fraction')
      const text = await preview.locator('body').innerText()
      t.notMatch(text, /\$|\\int|\\frac|mc\^2/, 'no dollar sign or TeX command is shown')
    })

    await t.test('task lists are checkboxes that say done or not, and change nothing', async (t) => {
      const boxes = preview.locator('input')
      t.equal(await boxes.count(), 3, 'two tasks and the raw checkbox; the text input is gone')
      for (const box of await boxes.all()) {
        t.equal(await box.getAttribute('type'), 'checkbox')
        t.ok(await box.isDisabled(), 'disabled')
        t.equal(await box.getAttribute('name'), null, 'no name: nothing to submit')
        t.equal(await box.getAttribute('onclick'), null)
      }
      t.ok(await boxes.nth(0).isChecked(), 'the done task is ticked')
      t.notOk(await boxes.nth(1).isChecked(), 'the other is not')
      await boxes.nth(1).click({ force: true })
      t.notOk(await boxes.nth(1).isChecked(), 'clicking does not tick it')
    })

    await t.test('a footnote reference leads to its note, and back', async (t) => {
      const note = preview.locator('li#footnote-1')
      t.match(await note.textContent(), /A note at the end, with a way back/)
      const inView = () =>
        page.evaluate(() => {
          const frame = document.querySelector('iframe.preview-frame') as HTMLIFrameElement
          // The notes' section: what is inside a block off screen has no layout yet (content-visibility).
          const target = frame.contentDocument?.getElementById('footnote-1')?.closest('body > *')
          if (!target) return false
          const top = frame.getBoundingClientRect().top + target.getBoundingClientRect().top
          return top >= 0 && top < innerHeight
        })
      t.notOk(await inView(), 'the note starts below the fold')
      await preview.locator('sup a[href="#footnote-1"]').click()
      for (let i = 0; i < 20 && !(await inView()); i++) await page.waitForTimeout(100)
      t.ok(await inView(), 'the reference scrolls the page to its note')
      t.equal(new URL(page.url()).hash, '', 'the page’s own address is untouched')
      await screenshot(page, 'preview-footnote')
    })

    // Chromium reports the handler DOMPurify parses in its inert document (never run there) as a
    // script-src-attr violation (ADR 035): the CSP would have refused it too.
    const parsedBySanitizer = /^CSP: script-src-attr blocked inline \(.*\/ui\/vendor\/purify\.[0-9a-f]+\.js:/
    t.same(
      problems().filter((p) => !parsedBySanitizer.test(p)),
      [],
      'no script error, no other CSP violation',
    )
  },
)

scenario('a long document is shown whole, sanitized a piece at a time', async (t, { stack, browser }) => {
  const { context, page, problems } = await openPage(browser, stack, { viewport: { width: 1024, height: 700 } })
  const paragraphs = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `Paragraph ${from + i}, long enough to fill the line a little.`)
  // ~240,000 characters: five pieces or so (markdown-worker.js), with an HTML block open across
  // what would be a piece's end, and a note referenced at the top and written at the bottom.
  const long = [
    '# A long report',
    'It starts here.[^1]',
    '<details><summary>The appendix</summary>',
    ...paragraphs(1, 2000),
    '</details>',
    ...paragraphs(2001, 2000),
    'The last words.',
    '[^1]: The only note.',
  ].join('\n\n')
  t.ok(long.length > 200_000, `${long.length} characters`)
  await page.goto(await converted(stack, context, 'long.md', long))
  const preview = page.frameLocator('iframe.preview-frame')
  await preview.getByRole('heading', { name: 'A long report' }).waitFor()
  await preview.getByText('The last words.').waitFor({ state: 'attached' })
  t.equal(await preview.locator('body > p').count(), 2000 + 2, 'every paragraph outside the details…')
  t.equal(await preview.locator('details > p').count(), 2000, '…and every one inside, still inside')
  t.equal(await preview.locator('li#footnote-1').count(), 1, 'the note is at the end')
  t.equal(await preview.locator('sup a[href="#footnote-1"]').count(), 1, 'and its reference at the top')

  // A link defined once and used 100,000 times: 400 KB of Markdown, hundreds of MB of HTML.
  const amplified = `[a]: https://example.com/${'x'.repeat(2000)}\n\n${'[a] '.repeat(100_000)}\n`
  await page.goto(await converted(stack, context, 'amplified.md', amplified))
  const note = page.locator('.unrendered')
  await note.waitFor({ timeout: 60_000 })
  t.match(await note.innerText(), /could not be rendered \(its HTML would be over 8,000,000 characters\)/)
  t.same(problems(), [], 'no script error, no CSP violation')
})

scenario(
  'a long document waits for its turn while the server sends other large downloads',
  async (t, { stack, browser }) => {
    const { context, page, problems } = await openPage(browser, stack)
    const long = ['# Waited for', ...Array.from({ length: 9000 }, (_, i) => `Paragraph ${i + 1} of a long memo.`)].join(
      '\n\n',
    )
    t.ok(Buffer.byteLength(long) > 256 * 1024, 'over 256 KiB: sent within the budget for large downloads (ADR 105)')
    const path = await converted(stack, context, 'memo.md', long)
    // Another download takes the whole budget: a 40 MiB Markdown (it reserves twice that, capped at
    // the budget), left unread so that it stays in progress past what the socket buffers take.
    const huge = await converted(stack, context, 'huge.md', 'x'.repeat(40 * 1024 * 1024))
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    let held: ClientRequest | undefined
    // Whatever happens below, the budget is given back for the scenarios after this one.
    t.teardown(() => held?.destroy())
    const holding = await new Promise<number>((resolve, reject) => {
      held = request(
        `${stack.web.url}/api/conversions${huge.slice('/conversions'.length)}/markdown`,
        { headers: { cookie } },
        (res) => {
          res.pause()
          resolve(res.statusCode ?? 0)
        },
      )
      held.on('error', reject)
      held.end()
    })
    t.equal(holding, 200, 'the other download is in progress')
    await page.goto(path)
    await page.getByText('waiting for its turn').waitFor()
    t.equal(
      await page.frameLocator('iframe.preview-frame').getByRole('heading', { name: 'Waited for' }).count(),
      0,
      'not shown yet',
    )
    held!.destroy()
    await page
      .frameLocator('iframe.preview-frame')
      .getByRole('heading', { name: 'Waited for' })
      .waitFor({ timeout: 30_000 })
    t.equal(await page.getByText('waiting for its turn').count(), 0, 'the notice goes once the document is shown')
    t.same(problems(), [], 'no script error')
  },
)

/** 20,000 nested block quotes: marked's recursion overflows the stack (a blank preview before). */
const deepQuotes = '> '.repeat(20_000) + 'the bottom of the well\n'
/** A list nested 3,000 deep, one item per level: ~9 MB, and marked's time grows far faster than its size. */
const deepList = Array.from({ length: 3000 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n') + '\n'
/** 200 KB of `a_`: marked's emphasis search is quadratic on it (over a minute in Node). */
const underscores = 'a_'.repeat(100_000) + '\n'

scenario(
  'a pathological document leaves the tab responsive, and shows its Markdown with the reason (finding 7)',
  async (t, { stack, browser }) => {
    const { context, page, problems } = await openPage(browser, stack, { viewport: { width: 1024, height: 700 } })
    t.ok(deepList.length > 8_000_000, `the list is ${deepList.length} characters`)

    for (const [name, markdown, reason] of [
      [
        'deep-quotes.md',
        deepQuotes,
        /^This document could not be rendered \(Maximum call stack size exceeded\), so here/,
      ],
      [
        'deep-list.md',
        deepList,
        /too long to show rendered \(9(\.\d)? million characters; the preview renders up to 2 million/,
      ],
      ['underscores.md', underscores, /took longer than 5 seconds to render/],
    ] as const) {
      await t.test(name, async (t) => {
        await page.goto(await converted(stack, context, name, markdown))
        await page.getByRole('heading', { name, level: 1 }).waitFor()
        // Once the Markdown has arrived (the reader enables Copy), while it is being rendered or
        // given up on, the page answers.
        await page.getByRole('button', { name: 'Copy Markdown' }).and(page.locator(':enabled')).waitFor()
        await page.getByRole('tab', { name: 'Report' }).click()
        await page.getByRole('tabpanel').getByText('No report of what was kept is available').waitFor()
        t.pass('the Report tab opens while the preview works')
        await page.getByRole('tab', { name: 'Rendered' }).click()
        const note = page.locator('.unrendered')
        await note.waitFor({ timeout: 60_000 })
        t.match(await note.innerText(), reason, 'the preview says why it shows the Markdown')
        t.equal(await page.locator('iframe.preview-frame').count(), 0, 'no half-rendered frame')
        t.match(
          await page.getByRole('tabpanel').locator('pre.raw .raw-block').first().innerText(),
          markdown.slice(0, 40),
          'the Markdown is there to read',
        )
        t.equal(await page.evaluate(() => 6 * 7), 42, 'the page runs script')
        await screenshot(page, `preview-${name.replace('.md', '')}`)
      })
    }
    t.same(problems(), [], 'no script error, no CSP violation')
  },
)
