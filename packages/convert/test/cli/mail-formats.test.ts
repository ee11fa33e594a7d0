import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { runCli } from './run-cli.js'

/** The command line converts e-mail as the web does: through `convert()`, found in a folder by its extension. */
const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`../readers/${path}`, import.meta.url)))

t.test('a folder of mail: an EML with its inline picture and an Outlook message', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cli-mail-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'report.eml'), fixture('mail/fixtures/pond_report.eml'))
  writeFileSync(join(dir, 'simple.msg'), fixture('mail/fixtures/msg_simple.msg'))
  const run = await runCli(['convert', '.', '--report', 'json'], { cwd: dir })
  t.equal(run.code, 0, run.stderr)
  t.match(
    readFileSync(join(dir, 'report.md'), 'utf8'),
    /^# Pond report — drafts attached\n[\s\S]*!\[Pond logo\]\(report\.assets\/image-1\.png\)/,
  )
  t.ok(existsSync(join(dir, 'report.assets', 'image-1.png')))
  t.match(readFileSync(join(dir, 'simple.md'), 'utf8'), /^# Simple Email\n/)
})
