import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'

const root = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8')
const schemaPath = `${root}../shared/render-schema.json`
const PREDEPLOY = 'node packages/migration-check/bin/migration-check.js'

interface Service {
  type: string
  name: string
  preDeployCommand?: string
  startCommand?: string
  healthCheckPath?: string
  maxShutdownDelaySeconds?: number
  maxmemoryPolicy?: string
  ipAllowList?: unknown[]
  envVars?: Array<{ key?: string; value?: unknown; fromGroup?: string }>
}

t.test('render.yaml is a valid Blueprint with both services behind the same predeploy', async (t) => {
  const blueprint = parse(read('render.yaml')) as { services: Service[]; databases: Array<{ postgresMajorVersion: string }> }
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
  t.ok(grace(web, 'SHUTDOWN_GRACE_MS') / 1000 < (web?.maxShutdownDelaySeconds ?? 30), 'the web drains before Render kills it')
  t.ok(grace(worker, 'WORKER_SHUTDOWN_GRACE_MS') / 1000 + 5 < (worker?.maxShutdownDelaySeconds ?? 30), 'the worker hands jobs back before Render kills it')
  for (const service of [web, worker]) {
    const keys = service?.envVars?.map((e) => e.key ?? e.fromGroup)
    t.ok(keys?.includes('DATABASE_URL') && keys.includes('REDIS_URL'), `${service?.name} gets the database and Key Value URLs`)
  }
  t.equal(typeof blueprint.databases[0]?.postgresMajorVersion, 'string')
})

t.test('docker-compose.yml: migrate runs once, web and worker start after it succeeded', async (t) => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { command?: string[]; depends_on?: Record<string, { condition: string }> }> }
  t.same(Object.keys(compose.services).sort(), ['migrate', 'postgres', 'redis', 'web', 'worker'])
  t.same(compose.services.migrate?.command, ['packages/migration-check/bin/migration-check.js'])
  for (const name of ['web', 'worker']) {
    t.equal(compose.services[name]?.depends_on?.migrate?.condition, 'service_completed_successfully', `${name} waits for the predeploy`)
  }
  t.match(read('docker-compose.yml'), /--maxmemory-policy", "noeviction"/)
})

t.test('the Dockerfile builds one image for the three entrypoints', async (t) => {
  const dockerfile = read('Dockerfile')
  t.match(dockerfile, /^FROM node:20-bookworm-slim AS build$/m)
  t.match(dockerfile, /RUN pnpm build/)
  t.match(dockerfile, /^CMD \["apps\/web\/dist\/server.js"\]$/m)
  t.match(dockerfile, /^USER node$/m, 'not root')
  // Every workspace package's manifest is copied before `pnpm install`, or the install fails.
  for (const manifest of ['apps/web', 'apps/worker', 'packages/db', 'packages/jobs', 'packages/migration-check', 'packages/runtime', 'packages/test-support', 'bench']) {
    t.match(dockerfile, `COPY ${manifest}/package.json ${manifest}/`)
  }
})
