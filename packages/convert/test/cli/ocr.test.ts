import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { runCli } from './run-cli.js'

const picture = fileURLToPath(new URL('../readers/image/report-page.png', import.meta.url))

t.test(
  'a picture of a page: its text beside it, the OCR summary in the report, languages from the flag or the environment',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cli-ocr-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    copyFileSync(picture, join(dir, 'page.png'))
    const run = await runCli(['convert', 'page.png', '--report', 'json'], {
      cwd: dir,
      env: { CONVERSION_OCR_LANGUAGES: 'eng+deu' },
    })
    t.equal(run.code, 0, run.stderr)
    t.match(readFileSync(join(dir, 'page.md'), 'utf8'), /^!\[\]\(page\.assets\/image-1\.png\)\n\n# Quarterly Report\n/)
    const line = JSON.parse(run.stdout.toString())
    t.match(line.report.ocr, { pages: 1, picturesOnly: 0, languages: ['eng', 'deu'] })
  },
)

t.test('a language that is not shipped is a usage error (exit 2), from the flag or the environment', async (t) => {
  const flag = await runCli(['convert', 'page.png', '--ocr-languages', 'eng+xyz'], { cwd: tmpdir() })
  t.equal(flag.code, 2)
  t.match(flag.stderr, /--ocr-languages: OCR language xyz is not shipped with draftsmith; shipped: eng, fra, deu, spa/)
  const env = await runCli(['convert', 'page.png'], { cwd: tmpdir(), env: { CONVERSION_OCR_LANGUAGES: 'tlh' } })
  t.equal(env.code, 2)
  t.match(env.stderr, /CONVERSION_OCR_LANGUAGES: OCR language tlh is not shipped/)
})
