import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * `{ skip }` for browser tests when Chromium is not installed — unless DRAFTSMITH_REQUIRE_BROWSER=1
 * (CI sets it), which makes a missing browser a failure instead of a silent skip.
 */
export function browserAvailability(): { skip?: string } {
  if (existsSync(chromiumPath)) return {}
  if (process.env.DRAFTSMITH_REQUIRE_BROWSER === '1') throw new Error(`Chromium is required (DRAFTSMITH_REQUIRE_BROWSER=1) but ${chromiumPath} does not exist: apt-get install chromium`)
  return { skip: `no Chromium at ${chromiumPath} (apt-get install chromium)` }
}

/** Headless Chromium, closed when the test ends. Flags as this machine needs them (no network beyond localhost, root). */
export async function launchBrowser(t: { teardown(fn: () => Promise<void> | void): void }): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  t.teardown(() => browser.close())
  return browser
}
