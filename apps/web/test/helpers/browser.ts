/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: they see its globals.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { baseEnv, startNode, type TestDatabase } from '@draftsmith/test-support'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import type { Test } from 'tap'
import { migratedDatabase, SECRET } from './app.js'
import { startServer, type RunningServer } from './server.js'

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * `{ skip }` for browser tests when Chromium is not installed — unless DRAFTSMITH_REQUIRE_BROWSER=1
 * (CI sets it), which makes a missing browser a failure instead of a silent skip.
 */
export function browserAvailability(): { skip?: string } {
  if (existsSync(chromiumPath)) return {}
  if (process.env.DRAFTSMITH_REQUIRE_BROWSER === '1')
    throw new Error(
      `Chromium is required (DRAFTSMITH_REQUIRE_BROWSER=1) but ${chromiumPath} does not exist: apt-get install chromium`,
    )
  return { skip: `no Chromium at ${chromiumPath} (apt-get install chromium)` }
}

interface Teardown {
  teardown(fn: () => Promise<void> | void): void
}

/** Headless Chromium, closed when the test ends. Flags as this machine needs them (no network beyond localhost, root). */
export async function launchBrowser(t: Teardown): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  t.teardown(() => browser.close())
  return browser
}

const workerMain = fileURLToPath(new URL('../../../worker/dist/main.js', import.meta.url))

/** Limits out of the way of tests that sign up and upload from one address (127.0.0.1). */
const roomyLimits = {
  SIGNUP_RATE_LIMIT_PER_IP: '1000',
  LOGIN_RATE_LIMIT_PER_IP: '1000',
  QUOTA_PROPOSALS_PER_HOUR: '1000',
  QUOTA_PROPOSALS_PER_HOUR_PER_IP: '1000',
  QUOTA_UPLOADS_PER_MINUTE: '1000',
  QUOTA_UPLOADS_PER_MINUTE_PER_IP: '1000',
  QUOTA_ACTIVE_CONVERSIONS_PER_IP: '1000',
}

export interface Stack {
  db: TestDatabase
  web: RunningServer
}

/**
 * What a person's browser talks to, as deployed: the built web service and (unless `worker:
 * false`) the built worker, on their own database (its queue in Postgres, so nothing is shared
 * with other test files).
 */
export async function startStack(
  t: Teardown,
  label: string,
  options: { worker?: boolean; env?: Record<string, string> } = {},
): Promise<Stack> {
  const db = await migratedDatabase(t, label)
  const env = {
    DATABASE_URL: db.databaseUrl,
    SESSION_SECRET: SECRET,
    LOG_LEVEL: 'info',
    ...roomyLimits,
    ...options.env,
  }
  const web = await startServer(t, env)
  if (options.worker !== false) {
    const worker = await startNode(
      workerMain,
      baseEnv({ DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'info', WORKER_CONCURRENCY: '2' }),
      { ready: 'worker started' },
    )
    t.teardown(async () => {
      worker.child.kill('SIGTERM')
      await worker.exit
    })
  }
  return { db, web }
}

/** What every browser scenario shares: one stack and one Chromium (each scenario opens its own profiles). */
export interface BrowserUi {
  stack: Stack
  browser: Browser
}

type ScenarioRun = (t: Test, ui: BrowserUi) => Promise<void>
const registered: Array<{ name: string; run: ScenarioRun }> = []

/**
 * A browser scenario. The modules under test/browser/ register theirs when imported, and
 * test/browser.test.ts runs them all against one stack and one Chromium: starting those per
 * scenario cost more than most scenarios do. Scenarios keep apart by profile (a fresh context
 * has its own cookies) and by the accounts they create.
 */
export function scenario(name: string, run: ScenarioRun): void {
  registered.push({ name, run })
}

/** The scenarios registered so far, in the order their modules were imported. */
export const scenarios = (): ReadonlyArray<{ name: string; run: ScenarioRun }> => registered

/** A page and what went wrong in it: script errors and Content-Security-Policy violations. */
export interface WatchedPage {
  context: BrowserContext
  page: Page
  /** Uncaught errors and CSP violations so far (failed requests are the API's business). */
  problems: () => string[]
}

/** A fresh browser profile (its own cookies) with one page, watched for errors and CSP violations. */
export async function openPage(
  browser: Browser,
  stack: Stack,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: stack.web.url, ...options })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    // Failed requests are the API's business; CSP refusals are reported below, with their source.
    const text = message.text()
    if (
      message.type() !== 'error' ||
      text.startsWith('Failed to load resource') ||
      /Content Security Policy/.test(text)
    )
      return
    problems.push(`console: ${text}`)
  })
  await context.exposeBinding('__reportViolation', (_source, text: string) => problems.push(`CSP: ${text}`))
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportViolation(text: string): void }).__reportViolation
      report(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile ?? ''}:${event.lineNumber})`,
      )
    })
  })
  return { context, page, problems: () => [...problems] }
}

const artifacts = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url))

/**
 * Saves what the page looks like to apps/web/test-artifacts/screenshots/<name>.png (ignored by
 * git; CI keeps it as an artifact). The viewport, not the full page: content-visibility leaves
 * off-screen blocks unpainted in a full-page capture.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: `${artifacts}${name}.png` })
}

/** Drops files on `selector` the way a desktop drag-and-drop does (a DataTransfer with Files). */
export async function dropFiles(page: Page, selector: string, paths: string[]): Promise<void> {
  const files = paths.map((path) => ({ name: basename(path), base64: readFileSync(path).toString('base64') }))
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer()
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))
      transfer.items.add(new File([bytes], file.name))
    }
    return transfer
  }, files)
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer })
  await page.dispatchEvent(selector, 'dragover', { dataTransfer })
  await page.dispatchEvent(selector, 'drop', { dataTransfer })
}

/** Whether the page scrolls sideways (wider than its viewport). */
export async function scrollsSideways(
  page: Page,
): Promise<{ scrollWidth: number; clientWidth: number; sideways: boolean }> {
  return page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement
    return { scrollWidth, clientWidth, sideways: scrollWidth > clientWidth }
  })
}

/** Documents from the repository: the shared fixtures and the fidelity corpus. */
export const documents = {
  fixture: (name: string) => fileURLToPath(new URL(`../../../../fixtures/documents/${name}`, import.meta.url)),
  corpus: (path: string) => fileURLToPath(new URL(`../../../../bench/fidelity/corpus/${path}`, import.meta.url)),
}

/** Signs up through the page's API (same origin, so the CSRF rules pass) — for tests about something else. */
export async function signUpVia(
  context: BrowserContext,
  email: string,
  password = 'correct horse battery staple',
): Promise<{ id: string; email: string; role: string }> {
  const response = await context.request.post('/api/auth/signup', { data: { email, password } })
  if (response.status() !== 201) throw new Error(`signup ${response.status()}: ${await response.text()}`)
  return (await response.json()).user
}
