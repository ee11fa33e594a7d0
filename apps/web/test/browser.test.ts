import t from 'tap'
import { browserAvailability, launchBrowser, scenarios, startStack } from './helpers/browser.js'
// Each module registers its scenarios (helpers/browser.ts, `scenario`).
import './browser/convert.js'
import './browser/pictures.js'
import './browser/preview.js'
import './browser/remote-images.js'
import './browser/download-names.js'
import './browser/errors.js'
import './browser/proposals.js'
import './browser/account.js'
import './browser/admin.js'
import './browser/phone-and-keyboard.js'

// Every scenario runs in this one file, one after another (~110 s in CI): more than the
// default file timeout leaves for a loaded machine.
t.setTimeout(300_000)

t.test('the web UI in Chromium: every scenario against one stack', browserAvailability(), async (t) => {
  const stack = await startStack(t, 'ui')
  const browser = await launchBrowser(t)
  for (const { name, run } of scenarios()) await t.test(name, (t) => run(t, { stack, browser }))
})
