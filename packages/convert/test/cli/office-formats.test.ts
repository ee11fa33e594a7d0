import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { runCli } from './run-cli.js'

/** The command line converts the OpenDocument, e-book and legacy formats as it does DOCX: through `convert()`. */
const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`../readers/${path}`, import.meta.url)))

t.test('an ODT: Markdown beside it, its picture in <name>.assets, the report as JSON', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cli-odt-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'notes.odt'), fixture('odt/fixtures/pandoc_notes.odt'))
  const run = await runCli(['convert', 'notes.odt', '--report', 'json'], { cwd: dir })
  t.equal(run.code, 0, run.stderr)
  const markdown = readFileSync(join(dir, 'notes.md'), 'utf8')
  t.match(markdown, /^# Field report\n/)
  t.match(markdown, /!\[\]\(notes\.assets\/image-1\.png\)/)
  t.ok(existsSync(join(dir, 'notes.assets', 'image-1.png')))
  t.match(JSON.parse(run.stdout.toString().trim()), {
    input: 'notes.odt',
    ok: true,
    report: { found: { headings: 2 } },
  })
})
