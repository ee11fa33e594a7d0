import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import t from 'tap'
import { corpus } from '../helpers.js'
import { runCli } from './run-cli.js'

/** The command line converts workbooks and CSV as the library does: a folder of them, and the report's metadata. */
t.test('a workbook and a Japanese CSV in a folder: one .md each, exit 0, metadata in --report json', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cli-sheets-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  copyFileSync(`${corpus('xls')}legacy_sample.xls`, join(dir, 'ducks.xls'))
  writeFileSync(join(dir, 'prices.csv'), iconv.encode('商品名,価格\nりんご,120\nみかん,80\n', 'cp932'))
  const run = await runCli(['convert', '.', '--report', 'json'], { cwd: dir })
  t.equal(run.code, 0, run.stderr)
  t.match(readFileSync(join(dir, 'ducks.md'), 'utf8'), /^## Duck Observations\n/)
  t.equal(
    readFileSync(join(dir, 'prices.md'), 'utf8'),
    '| 商品名 | 価格 |\n| --- | --- |\n| りんご | 120 |\n| みかん | 80 |\n',
  )
  const lines = run.stdout
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { input: string; report: { metadata?: unknown } })
  t.match(lines.find((line) => line.input.endsWith('ducks.xls'))?.report.metadata, { title: 'Wild Duck Observations' })
})

t.test('--front-matter puts the document’s metadata on top as YAML', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cli-front-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  copyFileSync(`${corpus('xls')}legacy_sample.xls`, join(dir, 'ducks.xls'))
  const run = await runCli(['convert', 'ducks.xls', '--front-matter', '-o', '-'], { cwd: dir })
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout.toString(), /^---\ntitle: "Wild Duck Observations"\n[\s\S]*---\n\n## Duck Observations\n/)
})
