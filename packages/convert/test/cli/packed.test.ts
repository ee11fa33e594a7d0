import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { corpus, fixture } from '../helpers.js'
import { runCli } from './run-cli.js'

/**
 * What someone outside the repository gets: `pnpm pack` of the built package, installed with npm
 * into an empty folder (its dependencies from the registry), run with `npx draftsmith`. The
 * omml2mathml fix travels inside it (ADR 025): equations convert with no jsdom anywhere.
 */
const run = promisify(execFile)
const packageDir = fileURLToPath(new URL('../../', import.meta.url))

t.test('the packed tarball installs in an empty folder and converts a document and a folder', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'draftsmith-packed-'))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  t.ok(existsSync(join(packageDir, 'dist/cli/main.js')), 'the package is built (pnpm build)')
  await run('pnpm', ['pack', '--pack-destination', work], { cwd: packageDir })
  const tarball = readdirSync(work).find((name) => /^draftsmith-convert-.+\.tgz$/.test(name))
  t.ok(tarball, 'pnpm pack made draftsmith-convert-<version>.tgz')
  const project = join(work, 'project')
  mkdirSync(project)
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(work, tarball as string)], {
    cwd: project,
    timeout: 240_000,
  })
  const installed = join(project, 'node_modules')
  t.ok(existsSync(join(installed, '@draftsmith/convert/dist/vendor/omml2mathml.cjs')), 'omml2mathml is bundled')
  t.notOk(existsSync(join(installed, 'jsdom')), 'no jsdom')
  t.notOk(existsSync(join(installed, 'get-dom')), 'no unpatched get-dom')
  // Source maps point at src/, which is not published: a debugger would look for files that are not there.
  t.notOk(existsSync(join(installed, '@draftsmith/convert/dist/index.js.map')), 'no source map without its source')

  writeFileSync(join(project, 'doc.docx'), readFileSync(`${corpus('docx')}equations.docx`))
  const npx = ['npx', '--no-install', 'draftsmith']
  const single = await runCli(['convert', 'doc.docx'], { cwd: project, bin: npx })
  t.equal(single.code, 0, single.stderr)
  t.match(
    readFileSync(join(project, 'doc.md'), 'utf8'),
    /inline equation: \$A = \\pi r\^\{2\}\$/,
    'equations are LaTeX',
  )

  const docs = join(project, 'docs')
  mkdirSync(docs)
  for (const name of ['proposal.docx', 'report.pdf', 'article.html', 'notes.md', 'letter.txt'])
    writeFileSync(join(docs, name), fixture(name))
  const batch = await runCli(['convert', 'docs', '-o', 'markdown'], { cwd: project, bin: npx })
  t.equal(batch.code, 0, batch.stderr)
  t.same(
    readdirSync(join(project, 'markdown'))
      .filter((name) => name.endsWith('.md'))
      .sort(),
    ['article.md', 'letter.md', 'notes.md', 'proposal.md', 'report.md'],
  )
  t.ok(existsSync(join(project, 'markdown/proposal.assets/image-1.png')))

  const library = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { convert } = await import('@draftsmith/convert'); const r = await convert(Buffer.from('<h1>Hi</h1>'), { format: 'html' }); console.log(JSON.stringify(r.report))",
    ],
    { cwd: project },
  )
  t.match(
    JSON.parse(library.stdout),
    { found: { headings: 1 }, engine: /^@draftsmith\/convert / },
    'the library API from the installed package',
  )
})
