/**
 * The predeploy beside `drizzle-kit migrate`, both started as the processes a deploy runs:
 *  - from scratch: 50 migrations on an empty database (each tool gets its own identical one);
 *  - no-op: the predeploy of a release without new migrations, both tools on the same database —
 *    ours as every deploy meets it (its last verification recorded) and as the first run after a
 *    change meets it (the schema compared in full) — beside a bare `node` start.
 * migration-check does more per run (lock, hash verification, lint, one transaction per file,
 * live-schema verification); the ratio says what that costs.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { baseEnv, createTestDatabase, migrationsFixture, runNode } from '@draftsmith/test-support'
import { fileURLToPath } from 'node:url'
import { median, ms, ratio, table } from '../lib/stats.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const MIGRATIONS = 50

const require = createRequire(import.meta.url)
const drizzleKitBin = join(dirname(require.resolve('drizzle-kit')), 'bin.cjs')
const migrationCheckBin = fileURLToPath(
  new URL('../../packages/migration-check/bin/migration-check.js', import.meta.url),
)

const teardowns: Array<() => unknown> = []
const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) }

/** The repository's real first migration plus 49 additive ones of the kinds a product accumulates. */
function buildMigrations() {
  const fixture = migrationsFixture(t)
  for (let i = 1; i < MIGRATIONS; i++) {
    const n = String(i).padStart(4, '0')
    const table = `bench_${Math.ceil(i / 3)}`
    const sql =
      i % 3 === 1
        ? `CREATE TABLE "${table}" ("id" serial PRIMARY KEY NOT NULL, "name" text NOT NULL, "created_at" timestamp with time zone DEFAULT now() NOT NULL);\n--> statement-breakpoint\nCREATE INDEX "${table}_name_idx" ON "${table}" USING btree ("name");`
        : i % 3 === 2
          ? `ALTER TABLE "${table}" ADD COLUMN "note_${i}" text;\n--> statement-breakpoint\nALTER TABLE "${table}" ADD COLUMN "count_${i}" integer DEFAULT 0 NOT NULL;`
          : `ALTER TABLE "${table}" ADD COLUMN "owner_id" uuid;\n--> statement-breakpoint\nALTER TABLE "${table}" ADD CONSTRAINT "${table}_owner_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade NOT VALID;`
    fixture.add(`${n}_bench_${i}`, sql)
  }
  return fixture.dir
}

function drizzleConfig(dir: string, databaseUrl: string): string {
  const configDir = mkdtempSync(join(tmpdir(), 'draftsmith-bench-'))
  t.teardown(() => rmSync(configDir, { recursive: true, force: true }))
  const path = join(configDir, 'drizzle.config.json')
  writeFileSync(
    path,
    JSON.stringify({
      dialect: 'postgresql',
      out: dir,
      dbCredentials: { url: databaseUrl },
      migrations: { schema: 'drizzle', table: '__drizzle_migrations' },
    }),
  )
  return path
}

/**
 * drizzle-kit runs every pending file in one transaction, where `CREATE INDEX CONCURRENTLY` (the
 * repository's no-transaction files) cannot run: its copy builds those indexes plainly, the same
 * work on tables this young. The journal is the same, so on the no-op database it sees what ours sees.
 */
function peerCopy(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'draftsmith-bench-peer-'))
  t.teardown(() => rmSync(copy, { recursive: true, force: true }))
  cpSync(dir, copy, { recursive: true })
  for (const name of readdirSync(copy).filter((n) => n.endsWith('.sql'))) {
    const path = join(copy, name)
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\bCONCURRENTLY\s+/gi, ''))
  }
  return copy
}

async function timed(script: string, args: string[], env: Record<string, string>): Promise<number> {
  const result = await runNode(script, args, baseEnv(env), { timeoutMs: 300_000 })
  if (result.code !== 0)
    throw new Error(`${script} ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`)
  return result.ms
}

async function main() {
  const dir = buildMigrations()
  const peerDir = peerCopy(dir)
  const scratch = { ours: [] as number[], peer: [] as number[] }
  const noop = { ours: [] as number[], peer: [] as number[] }
  // The first no-op after any change compares the schema in full (ADR 066); and the floor: a bare node start.
  const noopFull: number[] = []
  const bareNode: number[] = []
  const nodeDir = mkdtempSync(join(tmpdir(), 'draftsmith-bench-node-'))
  t.teardown(() => rmSync(nodeDir, { recursive: true, force: true }))
  const emptyScript = join(nodeDir, 'empty.js')
  writeFileSync(emptyScript, '')
  for (let run = 0; run < RUNS; run++) {
    const a = await createTestDatabase(t, `bench_mc_${run}`)
    const b = await createTestDatabase(t, `bench_dk_${run}`)
    const config = drizzleConfig(peerDir, b.databaseUrl)
    // Alternate who goes first so caches and CPU frequency favour neither.
    const ours = () => timed(migrationCheckBin, ['--migrations', dir], { DATABASE_URL: a.databaseUrl })
    const peer = () => timed(drizzleKitBin, ['migrate', '--config', config], {})
    if (run % 2 === 0) {
      scratch.ours.push(await ours())
      scratch.peer.push(await peer())
    } else {
      scratch.peer.push(await peer())
      scratch.ours.push(await ours())
    }
    // No-op: both on database `a`, which holds 50 applied migrations in drizzle's own ledger.
    const noopConfig = drizzleConfig(peerDir, a.databaseUrl)
    await a.sql`drop table if exists drizzle.migration_check_verified`
    noopFull.push(await timed(migrationCheckBin, ['--migrations', dir], { DATABASE_URL: a.databaseUrl }))
    noop.ours.push(await timed(migrationCheckBin, ['--migrations', dir], { DATABASE_URL: a.databaseUrl }))
    noop.peer.push(await timed(drizzleKitBin, ['migrate', '--config', noopConfig], {}))
    bareNode.push(await timed(emptyScript, [], {}))
    await a.close()
    await b.close()
  }
  const rows = [
    [
      `apply ${MIGRATIONS} from scratch`,
      ms(median(scratch.ours)),
      ms(median(scratch.peer)),
      ratio(median(scratch.ours), median(scratch.peer)),
    ],
    [
      `no-op, schema compared in full (first after a change)`,
      ms(median(noopFull)),
      ms(median(noop.peer)),
      ratio(median(noopFull), median(noop.peer)),
    ],
    [
      `no-op (${MIGRATIONS} applied)`,
      ms(median(noop.ours)),
      ms(median(noop.peer)),
      ratio(median(noop.ours), median(noop.peer)),
    ],
  ]
  console.log(
    `\nmigration-check vs drizzle-kit migrate — median of ${RUNS} runs, whole process (node start included)\n`,
  )
  console.log(table(['scenario', 'migration-check', 'drizzle-kit migrate', 'ratio (ours/peer)'], rows))
  console.log('\nratio < 1 means migration-check is faster.')
  console.log(
    `no-op − a bare \`node\` start (${ms(median(bareNode))}): ${ms(median(noop.ours) - median(bareNode))} (target ≤ 60 ms); ratio target ≤ 0.50×`,
  )
}

try {
  await main()
} finally {
  for (const fn of teardowns.reverse()) await fn()
}
