import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { unzipSync } from 'fflate'
import t, { type Test } from 'tap'
import { convert } from '../../src/convert.js'
import { convertOptions } from '../../src/cli/args.js'
import { formatNames } from '../../src/formats.js'
import { fixture } from '../helpers.js'
import { cliMain, runCli } from './run-cli.js'

const repository = fileURLToPath(new URL('../../../../', import.meta.url))

/** A folder of the fixture documents, as a person would have them. */
function folder(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'draftsmith-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const name of ['proposal.docx', 'report.pdf', 'article.html', 'notes.md', 'letter.txt'])
    writeFileSync(join(dir, name), fixture(name))
  return dir
}

/** Every `](target)` of a Markdown file that is not a web address resolves to a file beside it. */
function localLinksResolve(t: Test, markdown: string, from: string): void {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((u) => !/^[a-z]+:/.test(u))
  for (const target of targets) t.ok(existsSync(resolve(dir(from), decodeURIComponent(target))), `${target} exists`)
}
const dir = (file: string) => dirname(file)

t.test('a folder: one .md per document beside it, pictures in <name>.assets, linked relatively; exit 0', async (t) => {
  const docs = folder(t)
  const run = await runCli(['convert', '.'], { cwd: docs })
  t.equal(run.code, 0, run.stderr)
  t.same(
    readdirSync(docs).sort(),
    [
      'article.assets',
      'article.html',
      'article.md',
      'letter.md',
      'letter.txt',
      'notes.md',
      'notes.md.md',
      'proposal.assets',
      'proposal.docx',
      'proposal.md',
      'report.md',
      'report.pdf',
    ],
    'notes.md is never replaced: its Markdown keeps the whole name',
  )
  const markdown = readFileSync(join(docs, 'proposal.md'), 'utf8')
  t.match(markdown, /!\[[^\]]*\]\(proposal\.assets\/image-1\.png\)/)
  localLinksResolve(t, markdown, join(docs, 'proposal.md'))
  const api = await convert(fixture('proposal.docx'), { name: 'proposal.docx', assetPrefix: 'proposal.assets/' })
  t.equal(markdown, api.markdown, 'the same Markdown as the library gives')
  t.match(run.stderr, /^converted proposal\.docx → proposal\.md, proposal\.assets \(1 picture\) in [\d.]+ s$/m)
  t.match(run.stderr, /5 documents converted\n$/)
})

t.test(
  'on a terminal: a progress bar instead of a line per document, cleared before the summary',
  { skip: process.platform !== 'linux' && 'util-linux script(1) gives the command its terminal' },
  async (t) => {
    const docs = folder(t)
    const command = `'${process.execPath}' '${cliMain}' convert letter.txt notes.md -o out`
    const run = await runCli(['-qec', command, '/dev/null'], { cwd: docs, bin: ['script'] })
    t.equal(run.code, 0, run.stderr)
    // The escape that clears the line, as a visible mark: ESLint rightly refuses control characters in patterns.
    const screen = run.stdout.toString().replaceAll('\r\x1b[K', '⟲')
    t.match(screen, /⟲\[#{12}-{12}\] 1\/2 /, 'the bar at half way')
    t.match(screen, /⟲\[#{24}\] 2\/2 +⟲2 documents converted\r?\n$/, 'full, then cleared')
    t.notMatch(screen, /converted letter\.txt →/, 'no line per document')
  },
)

t.test('documents of one folder that share a name keep their extension, all of them; -o mirrors folders', async (t) => {
  const docs = folder(t)
  cpSync(join(docs, 'article.html'), join(docs, 'sub', 'report.html'), { recursive: true })
  writeFileSync(join(docs, 'report.docx'), fixture('proposal.docx'))
  // A project's dependencies and an earlier run's output are not documents of the folder.
  cpSync(join(docs, 'notes.md'), join(docs, 'node_modules', 'dep', 'README.md'), { recursive: true })
  cpSync(join(docs, 'notes.md'), join(docs, 'out', 'earlier.md'), { recursive: true })
  const run = await runCli(['convert', '.', '-o', 'out'], { cwd: docs })
  t.equal(run.code, 0, run.stderr)
  const out = join(docs, 'out')
  t.notOk(existsSync(join(out, 'node_modules')), 'node_modules is not walked into')
  t.notOk(existsSync(join(out, 'out')), 'nor is the folder -o writes to')
  t.ok(
    existsSync(join(out, 'report.docx.md')) && existsSync(join(out, 'report.pdf.md')),
    'report.docx.md, report.pdf.md',
  )
  t.ok(existsSync(join(out, 'report.docx.assets', 'image-1.png')))
  t.ok(existsSync(join(out, 'sub', 'report.md')), 'a folder of its own keeps the short name')
  t.ok(existsSync(join(out, 'notes.md')), 'out/notes.md replaces no input')
  localLinksResolve(t, readFileSync(join(out, 'report.docx.md'), 'utf8'), join(out, 'report.docx.md'))
})

t.test('--assets DIR: every document’s pictures in DIR/<name>/, linked relatively from the Markdown', async (t) => {
  const docs = folder(t)
  const run = await runCli(['convert', 'proposal.docx', 'article.html', '-o', 'md', '--assets', 'pictures'], {
    cwd: docs,
  })
  t.equal(run.code, 0, run.stderr)
  const markdown = readFileSync(join(docs, 'md', 'proposal.md'), 'utf8')
  t.match(markdown, /\]\(\.\.\/pictures\/proposal\/image-1\.png\)/)
  localLinksResolve(t, markdown, join(docs, 'md', 'proposal.md'))
  t.ok(existsSync(join(docs, 'pictures', 'article', 'image-1.png')))
})

t.test('--bundle: <name>.zip holds the Markdown and assets/, as the web service’s bundle', async (t) => {
  const docs = folder(t)
  const run = await runCli(['convert', 'proposal.docx', '--bundle'], { cwd: docs })
  t.equal(run.code, 0, run.stderr)
  const files = unzipSync(readFileSync(join(docs, 'proposal.zip')))
  t.same(
    Object.keys(files)
      .filter((name) => !name.endsWith('/'))
      .sort(),
    ['assets/image-1.png', 'proposal.md'],
  )
  t.match(Buffer.from(files['proposal.md'] as Uint8Array).toString(), /\]\(assets\/image-1\.png\)/)
})

t.test(
  'standard input to standard output: the whole Markdown, however long (the pipe is drained before exit)',
  async (t) => {
    const docs = folder(t)
    const html = `<h1>Long</h1>${Array.from({ length: 20_000 }, (_, i) => `<p>Paragraph ${i} of a long page, with words enough.</p>`).join('')}`
    const run = await runCli(['convert', '-'], { cwd: docs, stdin: Buffer.from(html) })
    t.equal(run.code, 0, run.stderr)
    const api = await convert(Buffer.from(html))
    t.ok(run.stdout.length > 1024 * 1024, `${run.stdout.length} bytes, far past a pipe's 64 KB`)
    t.equal(run.stdout.toString(), api.markdown)
  },
)

t.test('standard output closed by its reader (| head): the command ends quietly with 1, no stack trace', async (t) => {
  const html = `<h1>Long</h1>${'<p>Paragraph of a long page, with words enough.</p>'.repeat(20_000)}`
  const child = spawn(process.execPath, [cliMain, 'convert', '-'], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // The first chunk read, the pipe is closed: the rest of the Markdown has nowhere to go.
  child.stdout.once('data', () => child.stdout.destroy())
  child.stdin.end(html)
  const [code] = (await once(child, 'close')) as [number | null]
  t.equal(code, 1, stderr)
  t.notMatch(stderr, /EPIPE|\n\s+at /, 'no stack trace')
})

t.test('Markdown on standard input stays Markdown; --from text keeps text as written; --from is checked', async (t) => {
  const docs = folder(t)
  const notes = fixture('notes.md')
  const piped = await runCli(['convert', '-'], { cwd: docs, stdin: notes })
  t.equal(piped.code, 0, piped.stderr)
  t.equal(
    piped.stdout.toString(),
    (await convert(notes, { name: 'notes.md' })).markdown,
    'as if it were named notes.md',
  )
  t.match(piped.stdout.toString(), /^# /m, 'its headings are headings, not escaped')

  const asText = await runCli(['convert', '-', '--from', 'text'], { cwd: docs, stdin: notes })
  t.equal(asText.code, 0, asText.stderr)
  t.match(asText.stdout.toString(), /^\\# /m, 'asked for as text: the # is escaped, the line reads as written')

  const pdfAsMarkdown = await runCli(['convert', 'report.pdf', '-f', 'markdown', '-o', '-'], { cwd: docs })
  t.equal(pdfAsMarkdown.code, 1)
  t.match(pdfAsMarkdown.stderr, /report\.pdf: it is pdf, not markdown \(--from markdown\)/)
  t.equal(pdfAsMarkdown.stdout.length, 0)
})

t.test('--report json: one line per document, the API’s report with the engine’s version, on stdout', async (t) => {
  const docs = folder(t)
  const run = await runCli(['convert', 'proposal.docx', 'article.html', '--report', 'json', '-j', '1'], { cwd: docs })
  t.equal(run.code, 0, run.stderr)
  const lines = run.stdout
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
  t.equal(lines.length, 2)
  t.match(lines[0], {
    input: 'proposal.docx',
    output: join(docs, 'proposal.md'),
    ok: true,
    report: { found: { headings: Number, tables: 1 }, notKept: Array, engine: /^@draftsmith\/convert \d+\.\d+\.\d+/ },
    stats: { words: Number },
    assets: [{ name: 'image-1.png', contentType: 'image/png', size: Number, sha256: /^[0-9a-f]{64}$/ }],
  })
  t.match(lines[1].report.notKept, [{ code: String, count: Number, message: String }])
})

t.test('--page-markers: a PDF’s pages are marked in the Markdown, before each page’s text', async (t) => {
  const docs = folder(t)
  const run = await runCli(['convert', 'report.pdf', '--page-markers', '-o', '-'], { cwd: docs })
  t.equal(run.code, 0, run.stderr)
  t.match(run.stdout.toString(), /^<!-- page 1 -->\n\n# /)
})

t.test('exit 1 when some documents fail, each saying why; the others are still written', async (t) => {
  const docs = folder(t)
  writeFileSync(join(docs, 'broken.pdf'), fixture('broken.pdf'))
  const run = await runCli(['convert', 'broken.pdf', 'letter.txt', 'missing.docx'], { cwd: docs })
  t.equal(run.code, 1)
  t.match(run.stderr, /^failed broken\.pdf: the PDF could not be opened/m)
  t.match(run.stderr, /^failed missing\.docx: no such file or folder$/m)
  t.match(run.stderr, /1 document converted, 2 failed/)
  t.ok(existsSync(join(docs, 'letter.md')))
})

t.test('each conversion is bounded in time and in real memory, each with its own message', async (t) => {
  const docs = folder(t)
  const run = await runCli(['convert', 'report.pdf', '--timeout', '1', '--max-memory', '80'], { cwd: docs })
  t.equal(run.code, 1)
  t.match(run.stderr, /failed report\.pdf: (converting took longer than 1 s|the document needs more than the 80 MB)/)
  // Below what any conversion process needs (a Node process alone is ~50 MB): the memory bound, whatever the machine's speed.
  const small = await runCli(['convert', 'report.pdf', '--max-memory', '40', '--timeout', '120'], { cwd: docs })
  t.equal(small.code, 1)
  t.match(small.stderr, /failed report\.pdf: the document needs more than the 40 MB of memory a conversion may use/)
})

t.test('exit 2 for what the command does not understand, with the usage', async (t) => {
  const docs = folder(t)
  for (const args of [
    ['convert', '--nope', 'a.docx'],
    ['frob'],
    ['convert'],
    ['convert', 'a.docx', '--assets', 'x', '--bundle'],
    ['convert', 'a', 'b', '-o', 'one.md'],
    ['convert', 'a', '--report', 'yaml'],
    ['convert', 'a', '--from', 'rtf-ish'],
  ]) {
    const run = await runCli(args, { cwd: docs })
    t.equal(run.code, 2, args.join(' '))
    t.match(run.stderr, /^draftsmith: .+\nUsage: draftsmith convert/, args.join(' '))
  }
})

t.test('--help names every option, the exit codes and examples', async (t) => {
  const run = await runCli(['--help'], { cwd: tmpdir() })
  t.equal(run.code, 0)
  const help = run.stdout.toString()
  // Every option the parser takes, from its own list: a new flag cannot be left out of the help.
  for (const [name, option] of Object.entries(convertOptions)) {
    const flag = 'short' in option ? `-${option.short}, --${name}` : `    --${name}`
    t.ok(help.includes(`\n  ${flag} `), flag)
  }
  t.ok(help.includes('-v, --version'), '--version')
  t.match(help, /Exit codes:\n {2}0 .+\n {2}1 .+\n {2}2 /)
  t.match(help, /Examples:\n {2}draftsmith convert report\.docx/)
  t.same((await runCli(['convert', '--help'], { cwd: tmpdir() })).stdout, run.stdout)
  // The first line names what the engine reads, from the registry's list, not a hand-kept copy.
  const first = help.split('\n')[0] ?? ''
  for (const { label } of Object.values(formatNames)) t.ok(first.includes(label), `first line names ${label}`)

  t.match((await runCli(['--version'], { cwd: tmpdir() })).stdout.toString(), /^@draftsmith\/convert \d+\.\d+\.\d+\n$/)
  // In the repository, from source: the root's `pnpm draftsmith …`.
  const fromSource = await runCli(['draftsmith', '--version'], { cwd: repository, bin: ['pnpm', '-s'] })
  t.equal(fromSource.code, 0, fromSource.stderr)
  t.match(fromSource.stdout.toString(), /^@draftsmith\/convert \d+\.\d+\.\d+\n$/, 'pnpm draftsmith in the repository')
})
