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

t.test('an EPUB: one Markdown document, its picture beside it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cli-epub-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'guide.epub'), fixture('epub/fixtures/pandoc_field_guide.epub'))
  const run = await runCli(['convert', 'guide.epub'], { cwd: dir })
  t.equal(run.code, 0, run.stderr)
  const markdown = readFileSync(join(dir, 'guide.md'), 'utf8')
  t.match(markdown, /see \[the chapter on trees\]\(#trees\)/)
  t.ok(existsSync(join(dir, 'guide.assets', 'image-1.png')))
})

t.test('a folder of RTF, DOC, ODP and PPT: one Markdown file each', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cli-legacy-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'notes.rtf'), fixture('rtf/fixtures/pandoc_notes.rtf'))
  writeFileSync(join(dir, 'tables.doc'), fixture('doc/fixtures/lo_word_tables.doc'))
  writeFileSync(join(dir, 'slides.odp'), fixture('odp/fixtures/lo_powerpoint_sample.odp'))
  writeFileSync(join(dir, 'deck.ppt'), fixture('ppt/fixtures/lo_powerpoint_sample.ppt'))
  const run = await runCli(['convert', '.'], { cwd: dir })
  t.equal(run.code, 0, run.stderr)
  t.match(readFileSync(join(dir, 'notes.md'), 'utf8'), /^# Field report\n/)
  t.match(readFileSync(join(dir, 'tables.md'), 'utf8'), /\| Header 0\.0 \| Header 0\.1 \| Header 0\.2 \|/)
  t.match(readFileSync(join(dir, 'slides.md'), 'utf8'), /^## Slide 2: Second slide title$/m)
  t.match(readFileSync(join(dir, 'deck.md'), 'utf8'), /^## Slide 2: Second slide title$/m)
})
